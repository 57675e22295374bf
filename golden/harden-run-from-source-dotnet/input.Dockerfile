FROM mcr.microsoft.com/dotnet/sdk:8.0
WORKDIR /src
COPY . .
RUN dotnet build -c Release
EXPOSE 8080
ENTRYPOINT ["dotnet", "run", "-c", "Release"]
