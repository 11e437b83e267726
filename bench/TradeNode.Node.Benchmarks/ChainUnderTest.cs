using System.Diagnostics;
using System.Text.RegularExpressions;

namespace TradeNode.Node.Benchmarks;

/// <summary>
/// A <c>tradenode chain</c> process (JSON-RPC on a free loopback port) that nodes reach with <c>--chain rpc</c>;
/// <see cref="NodeArgs"/> are the options that point a node at it.
/// </summary>
internal sealed partial class ChainUnderTest : IAsyncDisposable
{
    private readonly Process _process;

    private ChainUnderTest(Process process, string address, string cookiePath)
    {
        _process = process;
        NodeArgs = ["--chain", "rpc", "--rpc-url", address, "--rpc-cookie", cookiePath];
    }

    public string[] NodeArgs { get; }

    /// <summary>Starts the chain with <paramref name="extraArgs"/> (e.g. <c>--automine 100ms</c>) and waits for its announcement.</summary>
    public static async Task<ChainUnderTest> StartAsync(string dataDirectory, params string[] extraArgs)
    {
        Directory.CreateDirectory(dataDirectory);
        var process = NodeUnderTest.StartProcess(["chain", "--datadir", dataDirectory, "--rpcport", "0", .. extraArgs], new Dictionary<string, string>());
        _ = NodeUnderTest.CopyToFileAsync(process.StandardError, Path.Combine(dataDirectory, "chain.log"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (AnnounceLine().Match(line) is { Success: true } match)
            {
                _ = process.StandardOutput.ReadToEndAsync();
                return new ChainUnderTest(process, match.Groups["address"].Value, match.Groups["cookie"].Value);
            }
        }

        throw new InvalidOperationException("tradenode chain exited before announcing its RPC address.");
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    [GeneratedRegex(@"^JSON-RPC on (?<address>http://127\.0\.0\.1:\d+/) \(cookie (?<cookie>.+)\)$")]
    private static partial Regex AnnounceLine();
}
