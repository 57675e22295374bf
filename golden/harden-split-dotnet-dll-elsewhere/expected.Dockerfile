FROM mcr.microsoft.com/dotnet/sdk:8.0

WORKDIR /app
COPY . ./
RUN dotnet publish -c Release
USER 1654:1654

ENTRYPOINT ["dotnet", "Reports.dll"]
