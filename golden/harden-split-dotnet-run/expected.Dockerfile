FROM mcr.microsoft.com/dotnet/sdk:8.0
WORKDIR /src
COPY . .
RUN dotnet restore
RUN dotnet build -c Release
EXPOSE 5000
ENTRYPOINT ["dotnet", "run", "-c", "Release"]
