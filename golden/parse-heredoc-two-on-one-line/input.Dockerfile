FROM alpine
RUN <<A cat && <<B cat
first
B
A
second
A
B
RUN echo done
