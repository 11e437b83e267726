using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TradeNode.P2P.Transport;

/// <summary>
/// Kestrel serving the <c>Peer</c> gRPC service over h2c on a loopback (or given) address, with the frame size limit
/// on both directions. Port 0 picks a free port; <see cref="Port"/> tells which.
/// </summary>
public sealed class PeerServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PeerServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public static async Task<PeerServer> StartAsync(PeerTransport transport, int port, IPAddress? bind = null, ILoggerProvider? logging = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        if (logging is not null)
        {
            builder.Logging.AddProvider(logging);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(bind ?? IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Limits.MaxRequestBodySize = null;
        });
        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = P2PProtocol.MaxFrameBytes;
            options.MaxSendMessageSize = P2PProtocol.MaxFrameBytes;
            options.EnableDetailedErrors = false;
        });
        builder.Services.AddSingleton(transport);
        var app = builder.Build();
        app.MapGrpcService<PeerService>();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PeerServer(app, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
