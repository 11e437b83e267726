using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TradeNode.Api.Contracts.Client;
using TradeNode.Api.V1;

namespace TradeNode.Api.Tests.Client;

/// <summary>How an <see cref="ApiConnection"/> finds the node and presents its key, against a real gRPC server on loopback.</summary>
public sealed class ApiConnectionTests : IDisposable
{
    private const string Key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"tradenode-apiconnection-{Guid.NewGuid():N}");

    public ApiConnectionTests() => Directory.CreateDirectory(_dataDirectory);

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public void Missing_address_file_says_no_node_runs_there_and_how_to_start_one()
    {
        var error = Assert.Throws<ApiConnectionException>(() => ApiConnection.Open(new ApiConnectionOptions { DataDirectory = _dataDirectory }));

        Assert.Equal(
            $"No node is running with data directory {_dataDirectory}: api.address not found. Start one with `tradenode node --datadir {_dataDirectory}`.",
            error.Message);
    }

    [Fact]
    public void Missing_cookie_names_the_file_it_looked_for()
    {
        File.WriteAllText(Path.Combine(_dataDirectory, "api.address"), "http://127.0.0.1:18736\n");

        var error = Assert.Throws<ApiConnectionException>(() => ApiConnection.Open(new ApiConnectionOptions { DataDirectory = _dataDirectory }));

        Assert.Contains(Path.Combine(_dataDirectory, "api.cookie"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_address_file_without_a_url_is_reported_not_used()
    {
        File.WriteAllText(Path.Combine(_dataDirectory, "api.address"), "not a url\n");
        File.WriteAllText(Path.Combine(_dataDirectory, "api.cookie"), Key);

        var error = Assert.Throws<ApiConnectionException>(() => ApiConnection.Open(new ApiConnectionOptions { DataDirectory = _dataDirectory }));

        Assert.Contains("does not hold the API's URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Url_wins_over_port_and_port_wins_over_the_address_file()
    {
        File.WriteAllText(Path.Combine(_dataDirectory, "api.address"), "http://127.0.0.1:1111\n");
        File.WriteAllText(Path.Combine(_dataDirectory, "api.cookie"), Key + "\n");

        using var fromFile = ApiConnection.Open(new ApiConnectionOptions { DataDirectory = _dataDirectory });
        using var fromPort = ApiConnection.Open(new ApiConnectionOptions { DataDirectory = _dataDirectory, Port = 2222 });
        using var fromUrl = ApiConnection.Open(new ApiConnectionOptions { DataDirectory = _dataDirectory, Port = 2222, Url = new Uri("http://127.0.0.1:3333") });

        Assert.Equal((new Uri("http://127.0.0.1:1111"), ApiEndpointSource.AddressFile), (fromFile.Endpoint, fromFile.EndpointSource));
        Assert.Equal((new Uri("http://127.0.0.1:2222"), ApiEndpointSource.Port), (fromPort.Endpoint, fromPort.EndpointSource));
        Assert.Equal((new Uri("http://127.0.0.1:3333"), ApiEndpointSource.Url), (fromUrl.Endpoint, fromUrl.EndpointSource));
    }

    [Fact]
    public void Default_data_directory_and_port_depend_on_the_network()
    {
        Assert.EndsWith(Path.Combine(".tradenode", "regtest"), ApiDefaults.DataDirectory("regtest"), StringComparison.Ordinal);
        Assert.Equal(18736, ApiDefaults.ApiPort("regtest"));
        Assert.NotEqual(ApiDefaults.ApiPort("regtest"), ApiDefaults.ApiPort("mainnet"));
        Assert.Throws<ArgumentException>(() => ApiDefaults.DataDirectory("moonnet"));
    }

    [Fact]
    public async Task Every_call_carries_the_cookie_as_a_bearer_key_over_plain_http2Async()
    {
        await using var server = await StartServerAsync();
        File.WriteAllText(Path.Combine(_dataDirectory, "api.address"), ListenAddress(server) + "\n");
        File.WriteAllText(Path.Combine(_dataDirectory, "api.cookie"), Key + "\n");
        using var connection = ApiConnection.Open(new ApiConnectionOptions { DataDirectory = _dataDirectory });

        var first = await connection.Node.GetInfoAsync(new GetInfoRequest());
        var second = await connection.Node.GetInfoAsync(new GetInfoRequest());

        Assert.Equal("Bearer " + Key, first.Name);
        Assert.Equal("Bearer " + Key, second.Name);
    }

    [Fact]
    public async Task Unreachable_node_is_described_with_the_start_hint_and_refused_key_with_the_cookie_pathAsync()
    {
        File.WriteAllText(Path.Combine(_dataDirectory, "api.address"), $"http://127.0.0.1:{FreePort()}\n");
        File.WriteAllText(Path.Combine(_dataDirectory, "api.cookie"), Key);
        using var connection = ApiConnection.Open(new ApiConnectionOptions { DataDirectory = _dataDirectory });

        var unreachable = await Assert.ThrowsAsync<RpcException>(async () => await connection.Node.GetInfoAsync(new GetInfoRequest()));
        var refused = new RpcException(new Status(StatusCode.Unauthenticated, "The API key is wrong"));

        Assert.True(ApiErrors.IsUnreachable(unreachable));
        Assert.Contains($"tradenode node --datadir {_dataDirectory}", ApiErrors.Describe(unreachable, connection), StringComparison.Ordinal);
        var refusedText = ApiErrors.Describe(refused, connection);
        Assert.Contains(Path.Combine(_dataDirectory, "api.cookie"), refusedText, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, refusedText, StringComparison.Ordinal);
        Assert.Equal("Offer x is unknown.", ApiErrors.Describe(new RpcException(new Status(StatusCode.NotFound, "Offer x is unknown")), connection));
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string ListenAddress(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

    private static async Task<WebApplication> StartServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapGrpcService<HeaderEchoNodeService>();
        await app.StartAsync();
        return app;
    }
}
