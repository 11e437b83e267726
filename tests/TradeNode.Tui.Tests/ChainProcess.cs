using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace TradeNode.Tui.Tests;

/// <summary>
/// A <c>tradenode chain</c> process on a free loopback port in a temporary directory, shared by the node processes of
/// a trade test (<see cref="NodeArgs"/>). Dispose asks it to stop over JSON-RPC and kills it if it does not.
/// </summary>
internal sealed partial class ChainProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Task<string> _stderr;
    private readonly string _dataDirectory;

    private ChainProcess(Process process, Task<string> stderr, string dataDirectory, Uri address, string cookiePath)
    {
        _process = process;
        _stderr = stderr;
        _dataDirectory = dataDirectory;
        Address = address;
        CookiePath = cookiePath;
    }

    public Uri Address { get; }

    public string CookiePath { get; }

    /// <summary>The arguments that make a node use this chain.</summary>
    public string[] NodeArgs => ["--chain", "rpc", "--rpc-url", Address.ToString(), "--rpc-cookie", CookiePath];

    public static async Task<ChainProcess> StartAsync()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "tradenode-tui-chain-" + Guid.NewGuid().ToString("N")[..12]);
        var dll = Path.Combine(AppContext.BaseDirectory, "tradenode", "tradenode.dll");
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        var start = new ProcessStartInfo(!string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "chain", "--datadir", dataDirectory, "--rpcport", "0" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (AnnounceLine().Match(line) is { Success: true } match)
                {
                    _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    return new ChainProcess(process, stderr, dataDirectory, new Uri(match.Groups["address"].Value), match.Groups["cookie"].Value);
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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                var cookie = (await File.ReadAllTextAsync(CookiePath)).Trim();
                using var request = new HttpRequestMessage(HttpMethod.Post, Address)
                {
                    Content = new StringContent("""{"jsonrpc":"1.0","id":1,"method":"stop","params":[]}""", Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(cookie)));
                using var response = await http.SendAsync(request);
                using var timeout = new CancellationTokenSource(StartTimeout);
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        await _stderr.WaitAsync(StartTimeout).ContinueWith(_ => { }, TaskScheduler.Default);
        _process.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"^JSON-RPC on (?<address>http://127\.0\.0\.1:\d+/) \(cookie (?<cookie>.+)\)$")]
    private static partial Regex AnnounceLine();
}
