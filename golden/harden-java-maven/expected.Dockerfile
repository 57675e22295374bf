FROM maven:3.9-eclipse-temurin-21 AS build

WORKDIR /build
COPY pom.xml .
RUN mvn -B dependency:go-offline
COPY src ./src
RUN mvn -B package -DskipTests


FROM gcr.io/distroless/java21-debian12:nonroot
COPY --from=build /build/target/app.jar /build/target/app.jar
WORKDIR /build
USER 65532:65532
EXPOSE 8080
CMD ["target/app.jar"]
