using System.Net;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TradeNode.Api.Auth;
using TradeNode.Api.Interceptors;
using TradeNode.Api.Services;
using TradeNode.Core.Node;

namespace TradeNode.Api;

/// <summary>
/// The node's client API: gRPC over HTTP/2 cleartext on Kestrel (127.0.0.1 by default), with every service of
/// tradenode.api.v1, server reflection and the standard health service. Every call but health needs the API key of
/// DATADIR/api.cookie. Once listening it writes its address to DATADIR/api.address (one line,
/// <c>http://127.0.0.1:PORT</c>) for local clients; <see cref="DisposeAsync"/> ends open streams, stops Kestrel and
/// deletes that file.
/// </summary>
public sealed class ApiServer : IAsyncDisposable
{
    /// <summary>The file in the data directory that holds the API's address.</summary>
    public const string AddressFileName = "api.address";

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly HealthServiceImpl _health;
    private readonly string _addressFile;
    private int _disposed;

    private ApiServer(WebApplication app, CancellationTokenSource stopping, HealthServiceImpl health, Uri address, string addressFile)
    {
        _app = app;
        _stopping = stopping;
        _health = health;
        Address = address;
        _addressFile = addressFile;
    }

    /// <summary>The API's address, e.g. http://127.0.0.1:18736.</summary>
    public Uri Address { get; }

    /// <summary>Starts the API over <paramref name="runtime"/>; the health service answers SERVING once this returns.</summary>
    public static async Task<ApiServer> StartAsync(NodeRuntime runtime, ApiServerOptions options, ILoggerFactory? loggers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(options);
        loggers ??= NullLoggerFactory.Instance;
        var dataDirectory = runtime.Options.DataDirectory;
        var key = ApiKey.LoadOrCreate(dataDirectory);
        var stopping = CancellationTokenSource.CreateLinkedTokenSource(runtime.Stopping);
        var requestStop = options.RequestStop ?? (() => { });
        var stopOnce = 0;
        var shutdown = new ApiShutdown(() =>
        {
            if (Interlocked.Exchange(ref stopOnce, 1) == 0)
            {
                requestStop();
            }
        }, stopping.Token);
        var health = new HealthServiceImpl();
        health.SetStatus(string.Empty, HealthCheckResponse.Types.ServingStatus.NotServing);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(options.BindAddress, options.Port, listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddSingleton(runtime);
        builder.Services.AddSingleton(key);
        builder.Services.AddSingleton(shutdown);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(health);
        builder.Services.AddSingleton<WalletUnlockClock>();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxMessageSize;
            grpc.MaxSendMessageSize = options.MaxMessageSize;
            grpc.EnableDetailedErrors = false;

            // The key check runs first, so an unauthenticated caller learns nothing from validation errors.
            grpc.Interceptors.Add<ApiKeyInterceptor>();
            grpc.Interceptors.Add<ErrorInterceptor>();
        });
        builder.Services.AddGrpcReflection();

        var app = builder.Build();
        app.MapGrpcService<NodeGrpcService>();
        app.MapGrpcService<WalletGrpcService>();
        app.MapGrpcService<OffersGrpcService>();
        app.MapGrpcService<ListingsGrpcService>();
        app.MapGrpcService<ArbitratorsGrpcService>();
        app.MapGrpcService<PeersGrpcService>();
        app.MapGrpcService<TradesGrpcService>();
        app.MapGrpcService<RatingsGrpcService>();
        app.MapGrpcService<OrdersGrpcService>();
        app.MapGrpcService<DisputesGrpcService>();
        app.MapGrpcService<HealthServiceImpl>();
        app.MapGrpcReflectionService();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            stopping.Dispose();
            throw;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(bound).Port;
        var host = options.BindAddress.Equals(IPAddress.Any) || options.BindAddress.Equals(IPAddress.Loopback) ? "127.0.0.1"
            : options.BindAddress.Equals(IPAddress.IPv6Any) || options.BindAddress.Equals(IPAddress.IPv6Loopback) ? "[::1]"
            : options.BindAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{options.BindAddress}]"
            : options.BindAddress.ToString();
        var address = new Uri($"http://{host}:{port}");
        var addressFile = Path.Combine(dataDirectory, AddressFileName);
        WriteAddressFile(addressFile, address);
        health.SetStatus(string.Empty, HealthCheckResponse.Types.ServingStatus.Serving);
        return new ApiServer(app, stopping, health, address, addressFile);
    }

    /// <summary>Reports NOT_SERVING, ends streams, stops Kestrel (letting unary calls in flight finish) and deletes DATADIR/api.address.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _health.SetStatus(string.Empty, HealthCheckResponse.Types.ServingStatus.NotServing);
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            File.Delete(_addressFile);
        }
        catch (IOException)
        {
        }

        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static void WriteAddressFile(string path, Uri address)
    {
        // Written aside and moved in place, so a client never reads half a line.
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, address.GetLeftPart(UriPartial.Authority) + "\n");
        File.Move(temporary, path, overwrite: true);
    }
}
