FROM mcr.microsoft.com/dotnet/sdk:8.0

WORKDIR /app
COPY . ./
RUN dotnet publish -c Release

ENTRYPOINT ["dotnet", "Reports.dll"]
