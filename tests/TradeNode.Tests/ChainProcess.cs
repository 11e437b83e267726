using System.Diagnostics;
using System.Text.RegularExpressions;
using TradeNode.Chain.Bitcoind;

namespace TradeNode.Tests;

/// <summary>
/// A running <c>tradenode chain</c> process on a free loopback port, with a client that reads its cookie. Start
/// waits (with a deadline) for the line that announces the RPC address; Dispose stops it through the stop RPC and
/// kills it if it does not exit.
/// </summary>
internal sealed partial class ChainProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Task<string> _stderr;

    private ChainProcess(Process process, Task<string> stderr, Uri address, string cookiePath, string dataDirectory)
    {
        _process = process;
        _stderr = stderr;
        Address = address;
        DataDirectory = dataDirectory;
        Client = new BitcoindRpcClient(new BitcoindRpcClientOptions
        {
            Endpoint = address,
            Network = Network.RegTest,
            CookieFilePath = cookiePath,
            MaxRetryAttempts = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        });
    }

    public Uri Address { get; }

    public string DataDirectory { get; }

    public BitcoindRpcClient Client { get; }

    public bool HasExited => _process.HasExited;

    public static async Task<ChainProcess> StartAsync(string dataDirectory, params string[] extraArgs)
    {
        var start = TradeNodeProcess.CreateStartInfo(["chain", "--datadir", dataDirectory, "--rpcport", "0", .. extraArgs]);
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                var match = AnnounceLine().Match(line);
                if (match.Success)
                {
                    _ = process.StandardOutput.ReadToEndAsync();
                    return new ChainProcess(process, stderr, new Uri(match.Groups["address"].Value), match.Groups["cookie"].Value, dataDirectory);
                }
            }

            throw new InvalidOperationException($"tradenode chain exited before announcing its RPC address: {await stderr}");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"tradenode chain did not announce its RPC address within {StartTimeout.TotalSeconds} s.");
        }
    }

    /// <summary>Asks the process to stop over RPC and waits for it to exit; returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            await Client.CallAsync("stop", [], idempotent: false);
            using var timeout = new CancellationTokenSource(StartTimeout);
            await _process.WaitForExitAsync(timeout.Token);
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or TradeNode.Chain.Rpc.JsonRpcException or Polly.CircuitBreaker.BrokenCircuitException)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _stderr.WaitAsync(StartTimeout).ContinueWith(_ => { }, TaskScheduler.Default);
        Client.Dispose();
        _process.Dispose();
    }

    [GeneratedRegex(@"^JSON-RPC on (?<address>http://127\.0\.0\.1:\d+/) \(cookie (?<cookie>.+)\)$")]
    private static partial Regex AnnounceLine();
}
