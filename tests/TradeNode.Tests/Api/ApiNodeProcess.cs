using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Net.Client;
using V1 = TradeNode.Api.V1;

namespace TradeNode.Tests.Api;

/// <summary>
/// A running <c>tradenode node</c> driven through its gRPC API, as the CLI would: Start waits (with a deadline) for
/// the "API on" line, reads DATADIR/api.address and DATADIR/api.cookie, and polls the health service until it
/// answers SERVING (<see cref="StartupTime"/> measures process start to that answer). Dispose stops the node through
/// Node.Stop and kills it if it does not exit.
/// </summary>
internal sealed partial class ApiNodeProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Task<string> _stderr;
    private readonly Task<string> _stdout;
    private readonly GrpcChannel _channel;
    private string _nodeId;
    private StringBuilder _stderrSoFar = new();
    private StringBuilder _stdoutSoFar = new();
    private IDisposable? _liveLog;

    private ApiNodeProcess(Process process, Task<string> stdout, Task<string> stderr, string dataDirectory, Uri apiAddress, string p2pAddress, string nodeId, string apiKey)
    {
        _process = process;
        _stdout = stdout;
        _stderr = stderr;
        DataDirectory = dataDirectory;
        ApiAddress = apiAddress;
        P2PAddress = p2pAddress;
        StartNodeId = nodeId;
        _nodeId = nodeId;
        ApiKey = apiKey;
        _channel = GrpcChannel.ForAddress(apiAddress, new GrpcChannelOptions { MaxReceiveMessageSize = 16 * 1024 * 1024 });
        Invoker = CreateInvoker(apiKey);
        Node = new V1.Node.NodeClient(Invoker);
        Wallet = new V1.Wallet.WalletClient(Invoker);
        Offers = new V1.Offers.OffersClient(Invoker);
        Listings = new V1.Listings.ListingsClient(Invoker);
        Arbitrators = new V1.Arbitrators.ArbitratorsClient(Invoker);
        Peers = new V1.Peers.PeersClient(Invoker);
        Trades = new V1.Trades.TradesClient(Invoker);
        Ratings = new V1.Ratings.RatingsClient(Invoker);
        Orders = new V1.Orders.OrdersClient(Invoker);
        Disputes = new V1.Disputes.DisputesClient(Invoker);
    }

    public string DataDirectory { get; }

    public Uri ApiAddress { get; }

    /// <summary>host:port peers connect to.</summary>
    public string P2PAddress { get; }

    /// <summary>The node id the process printed when it started (its provisional one until a wallet exists).</summary>
    public string StartNodeId { get; }

    /// <summary>
    /// The node id now, asked of the node (Node.GetInfo): it changes once, when a wallet is created or restored and the
    /// node takes the identity the wallet derives. When the node does not answer, the last id known (stopping or killing
    /// the node through this class reads it first).
    /// </summary>
    public string NodeId
    {
        get
        {
            if (!_process.HasExited)
            {
                try
                {
                    _nodeId = Node.GetInfo(new V1.GetInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(5)).NodeId;
                }
                catch (RpcException)
                {
                }
            }

            return _nodeId;
        }
    }

    public string ApiKey { get; }

    /// <summary>Process start until the health service first answered SERVING.</summary>
    public TimeSpan StartupTime { get; private set; }

    public CallInvoker Invoker { get; }

    public V1.Node.NodeClient Node { get; }

    public V1.Wallet.WalletClient Wallet { get; }

    public V1.Offers.OffersClient Offers { get; }

    public V1.Listings.ListingsClient Listings { get; }

    public V1.Arbitrators.ArbitratorsClient Arbitrators { get; }

    public V1.Peers.PeersClient Peers { get; }

    public V1.Trades.TradesClient Trades { get; }

    public V1.Ratings.RatingsClient Ratings { get; }
    public V1.Orders.OrdersClient Orders { get; }
    public V1.Disputes.DisputesClient Disputes { get; }

    public bool HasExited => _process.HasExited;

    public int ProcessId => _process.Id;

    public static Task<ApiNodeProcess> StartAsync(string dataDirectory, params string[] extraArgs) => StartAsync(dataDirectory, new Dictionary<string, string>(), extraArgs);

    public static async Task<ApiNodeProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string> environment, params string[] extraArgs)
    {
        var stopwatch = Stopwatch.StartNew();
        var start = TradeNodeProcess.CreateStartInfo(["node", "--datadir", dataDirectory, "--p2p-port", "0", "--api-port", "0", .. extraArgs]);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var stderrSoFar = new StringBuilder();
        var stderr = ReadAllAsync(process.StandardError, stderrSoFar);
        using var timeout = new CancellationTokenSource(StartTimeout);
        string? nodeId = null;
        string? p2p = null;
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (NodeLine().Match(line) is { Success: true } node)
                {
                    nodeId = node.Groups["id"].Value;
                }
                else if (P2PLine().Match(line) is { Success: true } p2pMatch)
                {
                    p2p = p2pMatch.Groups["address"].Value;
                }
                else if (ApiLine().Match(line) is { Success: true } api && nodeId is not null && p2p is not null)
                {
                    var stdoutSoFar = new StringBuilder();
                    var stdout = ReadAllAsync(process.StandardOutput, stdoutSoFar);
                    var printed = new Uri(api.Groups["address"].Value);
                    var recorded = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "api.address"), timeout.Token)).Trim();
                    Assert.Equal(printed.GetLeftPart(UriPartial.Authority), recorded);
                    var key = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "api.cookie"), timeout.Token)).Trim();
                    var result = new ApiNodeProcess(process, stdout, stderr, dataDirectory, new Uri(recorded), p2p, nodeId, key) { _stderrSoFar = stderrSoFar, _stdoutSoFar = stdoutSoFar };
                    result._liveLog = LiveLogs.Register(dataDirectory, () => result.StdoutSoFar + result.StderrSoFar);
                    await result.WaitServingAsync(timeout.Token);
                    result.StartupTime = stopwatch.Elapsed;
                    return result;
                }
            }

            throw new InvalidOperationException($"tradenode node exited before announcing its API address: {await stderr}");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"tradenode node did not serve its API within {StartTimeout.TotalSeconds} s.");
        }
    }

    /// <summary>A call invoker on this node's API with the given key, or none.</summary>
    public CallInvoker CreateInvoker(string? bearerKey) => _channel.Intercept(new ApiCallInterceptor(bearerKey));

    public async Task<HealthCheckResponse.Types.ServingStatus> HealthAsync() =>
        (await new Health.HealthClient(CreateInvoker(null)).CheckAsync(new HealthCheckRequest())).Status;

    /// <summary>Kills the process at once (SIGKILL), as a crash or a power cut would.</summary>
    public async Task KillAsync()
    {
        _ = NodeId;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Waits for the process to exit (after Node.Stop, say); returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>Asks the node to stop through Node.Stop and waits for it to exit; returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            _ = NodeId;
            try
            {
                await Node.StopAsync(new V1.StopRequest());
            }
            catch (RpcException)
            {
            }

            try
            {
                await WaitForExitAsync();
            }
            catch (OperationCanceledException)
            {
                await KillAsync();
            }
        }

        return _process.ExitCode;
    }

    /// <summary>What the node wrote to stderr so far (its warnings: rejected trade messages, say), while it runs.</summary>
    public string StderrSoFar => Snapshot(_stderrSoFar);

    /// <summary>What the node wrote to stdout (its log) so far, while it runs.</summary>
    public string StdoutSoFar => Snapshot(_stdoutSoFar);

    public async Task<string> StdoutAsync()
    {
        await StopAsync();
        return await _stdout;
    }

    public async Task<string> StderrAsync()
    {
        await StopAsync();
        return await _stderr;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _liveLog?.Dispose();
        await _stderr.WaitAsync(StartTimeout).ContinueWith(_ => { }, TaskScheduler.Default);
        _channel.Dispose();
        _process.Dispose();
    }

    private async Task WaitServingAsync(CancellationToken cancellationToken)
    {
        var health = new Health.HealthClient(CreateInvoker(null));
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var response = await health.CheckAsync(new HealthCheckRequest(), cancellationToken: cancellationToken);
                if (response.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable)
            {
            }

            await Task.Delay(10, cancellationToken);
        }
    }

    private static async Task<string> ReadAllAsync(StreamReader reader, StringBuilder soFar)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (soFar)
            {
                soFar.AppendLine(line);
            }
        }

        return Snapshot(soFar);
    }

    private static string Snapshot(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }

    [GeneratedRegex(@"^TradeNode node (?<id>tn1\S+) key [0-9a-f]{64}$")]
    private static partial Regex NodeLine();

    [GeneratedRegex(@"^P2P on (?<address>127\.0\.0\.1:\d+)$")]
    private static partial Regex P2PLine();

    [GeneratedRegex(@"^API on (?<address>http://127\.0\.0\.1:\d+)$")]
    private static partial Regex ApiLine();
}
