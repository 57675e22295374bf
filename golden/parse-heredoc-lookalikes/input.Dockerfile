FROM alpine
RUN echo "<<EOF" && cat <<<word && echo a<<b
RUN echo next
