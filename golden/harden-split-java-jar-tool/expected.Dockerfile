FROM eclipse-temurin:17-jdk AS build
WORKDIR /app
COPY src ./src
RUN mkdir -p classes && javac -d classes $(find src -name '*.java') \
    && jar --create --file greeter.jar --main-class demo.Greeter -C classes .

FROM gcr.io/distroless/java17-debian12:nonroot
COPY --from=build /app/greeter.jar /app/greeter.jar
WORKDIR /app
USER 65532:65532
EXPOSE 8080
CMD ["greeter.jar"]
