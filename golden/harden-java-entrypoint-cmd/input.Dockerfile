FROM maven:3.9-eclipse-temurin-17

WORKDIR /usr/src/app
COPY . .
RUN mvn -B package -DskipTests
ENTRYPOINT ["java", "-jar"]
CMD ["target/report-service.jar"]
