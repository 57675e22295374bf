# escape=`

FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command"]
WORKDIR C:\app
COPY bin\app.exe C:\app\
ENV TOOLS=C:\tools Q=a` b
RUN New-Item -ItemType Directory -Path C:\data; `
    Write-Host done
CMD ["C:\\app\\app.exe"]
