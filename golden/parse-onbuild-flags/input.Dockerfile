FROM alpine
ONBUILD COPY --from=build /a /b
ONBUILD RUN echo hi
