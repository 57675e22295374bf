FROM eclipse-temurin:17-jdk
WORKDIR /app
COPY src ./src
RUN mkdir -p classes && javac -d classes $(find src -name '*.java') \
    && jar --create --file greeter.jar --main-class demo.Greeter -C classes .
EXPOSE 8080
CMD ["java", "-jar", "greeter.jar"]
