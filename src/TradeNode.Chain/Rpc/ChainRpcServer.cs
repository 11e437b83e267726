using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TradeNode.Chain.Regtest;

namespace TradeNode.Chain.Rpc;

/// <summary>
/// Serves <see cref="ChainRpcMethods"/> over HTTP on 127.0.0.1 as bitcoind does: HTTP Basic authentication with
/// configured credentials or a cookie file, JSON-RPC 1.0/2.0 and batches, Core's status codes, bounded bodies.
/// </summary>
public sealed class ChainRpcServer : IAsyncDisposable
{
    private const string CookieUser = "__cookie__";

    private readonly WebApplication _app;
    private readonly byte[] _expectedAuthorization;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly JsonRpcDispatcher _dispatcher;
    private int _stopping;

    private ChainRpcServer(WebApplication app, byte[] expectedAuthorization, string? cookiePath, Func<ChainRpcServer, JsonRpcDispatcher> dispatcher)
    {
        _app = app;
        _expectedAuthorization = expectedAuthorization;
        CookiePath = cookiePath;
        _dispatcher = dispatcher(this);
    }

    /// <summary>The port the server listens on.</summary>
    public int Port { get; private set; }

    public Uri Address => new($"http://127.0.0.1:{Port}/");

    /// <summary>The cookie file written at start (null when user and password were configured).</summary>
    public string? CookiePath { get; }

    /// <summary>Completes when the server has stopped (through the <c>stop</c> RPC or <see cref="StopAsync"/>).</summary>
    public Task Stopped => _stopped.Task;

    public static async Task<ChainRpcServer> StartAsync(RegtestChain chain, ChainRpcServerOptions options, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.User) != string.IsNullOrEmpty(options.Password))
        {
            throw new ArgumentException("Give both an RPC user and an RPC password, or neither (cookie authentication).", nameof(options));
        }

        string credentials;
        string? cookiePath = null;
        if (string.IsNullOrEmpty(options.User))
        {
            credentials = $"{CookieUser}:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}";
            Directory.CreateDirectory(options.DataDirectory);
            cookiePath = Path.Combine(options.DataDirectory, ".cookie");
            await WriteCookieAsync(cookiePath, credentials, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            credentials = $"{options.User}:{options.Password}";
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });
        var app = builder.Build();
        var expected = Encoding.ASCII.GetBytes("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        var server = new ChainRpcServer(app, expected, cookiePath, s =>
        {
            var methods = new ChainRpcMethods(chain, timeProvider ?? TimeProvider.System, s.RequestStop);
            return new JsonRpcDispatcher(methods.Invoke);
        });
        app.MapPost("/", server.HandleAsync);
        app.MapPost("/wallet/{name}", server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Port = new Uri(address).Port;
        return server;
    }

    /// <summary>Stops listening (after answering requests in flight) and deletes the cookie file.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopping, 1) == 1)
        {
            await Stopped.ConfigureAwait(false);
            return;
        }

        try
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
            if (CookiePath is not null)
            {
                File.Delete(CookiePath);
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private static async Task WriteCookieAsync(string path, string credentials, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var writer = new StreamWriter(path, Encoding.ASCII, options);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteAsync(credentials.AsMemory(), cancellationToken).ConfigureAwait(false);
        }
    }

    private void RequestStop() => _ = Task.Run(StopAsync);

    private async Task HandleAsync(HttpContext context)
    {
        var authorization = Encoding.ASCII.GetBytes(context.Request.Headers.Authorization.ToString());
        if (!CryptographicOperations.FixedTimeEquals(authorization, _expectedAuthorization))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"jsonrpc\"";
            return;
        }

        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        var (status, reply) = _dispatcher.Handle(body);
        context.Response.StatusCode = status;
        if (reply is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(reply.ToJsonString() + "\n", context.RequestAborted).ConfigureAwait(false);
        }
    }
}
