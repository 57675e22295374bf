FROM maven:3.9.6-eclipse-temurin-17

WORKDIR /workspace
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B package -DskipTests && cp target/*.jar app.jar

EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/workspace/app.jar"]
