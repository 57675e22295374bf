FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /app
COPY . .
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /opt/app
COPY --from=build /app/target/service.jar service.jar
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "service.jar"]
