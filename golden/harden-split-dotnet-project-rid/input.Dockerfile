FROM mcr.microsoft.com/dotnet/sdk:8.0
WORKDIR /app
COPY . .
RUN dotnet publish src/Web/Web.csproj -c Release -r linux-x64 --self-contained false
EXPOSE 8080
ENTRYPOINT ["dotnet", "src/Web/bin/Release/net8.0/linux-x64/publish/Web.dll"]
