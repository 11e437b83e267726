# The tradenode executable in a container: `docker build -t tradenode .`, then e.g.
# `docker run --rm -v tn:/data tradenode node --datadir /data ...`. Used by docker-compose.regtest.yml.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/TradeNode -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
VOLUME /data
# P2P and API ports as docker-compose.regtest.yml uses them.
EXPOSE 18735 18736
ENTRYPOINT ["dotnet", "/app/tradenode.dll"]
