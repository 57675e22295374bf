FROM eclipse-temurin:21-jdk
WORKDIR /build
COPY src/ src/
# compile, then pack with a manifest naming the main class
RUN javac -d out src/com/example/*.java
RUN jar cvfe /opt/report.jar com.example.Report -C out .
CMD ["java", "-jar", "/opt/report.jar"]
