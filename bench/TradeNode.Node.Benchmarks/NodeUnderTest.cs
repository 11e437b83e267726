using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using TradeNode.Api.V1;

namespace TradeNode.Node.Benchmarks;

/// <summary>
/// A <c>tradenode node</c> process on loopback (embedded regtest chain, free ports) and gRPC clients on its API,
/// authorised with the key from its api.cookie. <see cref="StartupTime"/> is process start to the first SERVING.
/// </summary>
internal sealed class NodeUnderTest : IAsyncDisposable
{
    private readonly Process _process;
    private readonly GrpcChannel _channel;

    private NodeUnderTest(Process process, GrpcChannel channel, string apiKey, TimeSpan startupTime)
    {
        _process = process;
        _channel = channel;
        StartupTime = startupTime;
        var headers = new Metadata { { "authorization", $"Bearer {apiKey}" } };
        var invoker = channel.CreateCallInvoker();
        Node = new TradeNode.Api.V1.Node.NodeClient(invoker);
        Offers = new Offers.OffersClient(invoker);
        Wallet = new Wallet.WalletClient(invoker);
        Trades = new Trades.TradesClient(invoker);
        Arbitrators = new Arbitrators.ArbitratorsClient(invoker);
        Health = new Health.HealthClient(invoker);
        Auth = new CallOptions(headers);
    }

    public static string DllPath { get; } = Path.Combine(AppContext.BaseDirectory, "tradenode", "tradenode.dll");

    public TimeSpan StartupTime { get; }

    public TradeNode.Api.V1.Node.NodeClient Node { get; }

    public Offers.OffersClient Offers { get; }

    public Health.HealthClient Health { get; }

    public Wallet.WalletClient Wallet { get; }

    public Trades.TradesClient Trades { get; }

    public Arbitrators.ArbitratorsClient Arbitrators { get; }

    /// <summary>Call options carrying the API key.</summary>
    public CallOptions Auth { get; }

    /// <summary>Resident set size of the node process now, from /proc (Linux), in bytes.</summary>
    public long ResidentBytes
    {
        get
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }

            throw new InvalidOperationException("No VmRSS line in /proc status.");
        }
    }

    public static Task<NodeUnderTest> StartAsync(string dataDirectory, params string[] extraArgs) =>
        StartAsync(dataDirectory, new Dictionary<string, string>(), extraArgs);

    /// <summary>Starts a node with <paramref name="environment"/> set; its standard error goes to node.log in its data directory.</summary>
    public static async Task<NodeUnderTest> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string> environment, params string[] extraArgs)
    {
        Directory.CreateDirectory(dataDirectory);
        File.Delete(Path.Combine(dataDirectory, "api.address"));
        var stopwatch = Stopwatch.StartNew();
        var process = StartProcess(["node", "--datadir", dataDirectory, "--p2p-port", "0", "--api-port", "0", "--item-pow-bits", "2", .. extraArgs], environment);
        _ = process.StandardOutput.ReadToEndAsync();
        _ = CopyToFileAsync(process.StandardError, Path.Combine(dataDirectory, "node.log"));
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        var addressFile = Path.Combine(dataDirectory, "api.address");
        while (!File.Exists(addressFile) || new FileInfo(addressFile).Length == 0)
        {
            if (DateTime.UtcNow > deadline || process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException("The node did not write api.address in time.");
            }

            await Task.Delay(5);
        }

        var address = (await File.ReadAllTextAsync(addressFile)).Trim();
        var key = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "api.cookie"))).Trim();
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = 16 * 1024 * 1024 });
        var health = new Health.HealthClient(channel);
        var headers = new Metadata { { "authorization", $"Bearer {key}" } };
        while (true)
        {
            try
            {
                if ((await health.CheckAsync(new HealthCheckRequest(), headers)).Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    break;
                }
            }
            catch (RpcException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException("The node's health service never answered SERVING.");
            }

            await Task.Delay(2);
        }

        return new NodeUnderTest(process, channel, key, stopwatch.Elapsed);
    }

    /// <summary>How long <c>dotnet tradenode.dll --version</c> takes: the runtime's start, the baseline of a cold start.</summary>
    public static async Task<TimeSpan> MeasureVersionRunAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(StartInfo(["--version"])) ?? throw new InvalidOperationException("dotnet did not start.");
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return stopwatch.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Node.StopAsync(new StopRequest(), Auth);
            await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _channel.Dispose();
        _process.Dispose();
    }

    /// <summary>Starts <c>dotnet tradenode.dll</c> with <paramref name="args"/>, its output redirected.</summary>
    internal static Process StartProcess(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var start = StartInfo(args);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    /// <summary>Copies a process's output to a file until the process closes it.</summary>
    internal static async Task CopyToFileAsync(StreamReader output, string path)
    {
        await using var file = File.Create(path);
        await output.BaseStream.CopyToAsync(file);
    }

    private static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        return start;
    }
}
