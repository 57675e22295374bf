FROM maven:3.9-eclipse-temurin-21
WORKDIR /usr/src/app
COPY . .
RUN mvn clean package -DskipTests
EXPOSE 8080
CMD java -jar target/*.jar
