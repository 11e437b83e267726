using System.Diagnostics;
using TradeNode.Api.Contracts.Client;
using TradeNode.Api.V1;

namespace TradeNode.Tui.Tests;

/// <summary>
/// A <c>tradenode node</c> process on loopback in a temporary data directory (ports chosen by the OS, cheap key
/// derivation, 2-bit item proof of work), with an <see cref="ApiConnection"/> found the way <c>tradenode tui</c> finds
/// it: through the data directory's api.address and api.cookie. Dispose stops the node and deletes the directory.
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Task _stderr;

    private NodeProcess(Process process, Task stderr, string dataDirectory, ApiConnection api)
    {
        _process = process;
        _stderr = stderr;
        DataDirectory = dataDirectory;
        Api = api;
    }

    public string DataDirectory { get; }

    public ApiConnection Api { get; }

    /// <summary>Starts a node on its own embedded chain, or with <paramref name="extraArgs"/> (e.g. a shared chain, a name, a seed peer).</summary>
    public static async Task<NodeProcess> StartAsync(params string[] extraArgs)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "tradenode-tui-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dataDirectory);
        var dll = Path.Combine(AppContext.BaseDirectory, "tradenode", "tradenode.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the CopyTradeNodeCli build target should have put it there.");
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        var start = new ProcessStartInfo(!string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[dll, "node", "--datadir", dataDirectory, "--p2p-port", "0", "--api-port", "0", "--insecure-kdf", "--item-pow-bits", "2", .. extraArgs])
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
                if (line.StartsWith("API on ", StringComparison.Ordinal))
                {
                    // Keep draining stdout so the node never blocks on a full pipe.
                    _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    var api = ApiConnection.Open(new ApiConnectionOptions { DataDirectory = dataDirectory });
                    var node = new NodeProcess(process, stderr, dataDirectory, api);
                    await node.WaitAnsweringAsync(timeout.Token);
                    return node;
                }
            }

            throw new InvalidOperationException($"tradenode node exited before announcing its API: {await stderr}");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"tradenode node did not serve its API within {StartTimeout.TotalSeconds} s.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await Api.Node.StopAsync(new StopRequest());
                using var timeout = new CancellationTokenSource(StartTimeout);
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (Exception ex) when (ex is Grpc.Core.RpcException or OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        await _stderr.WaitAsync(StartTimeout).ContinueWith(_ => { }, TaskScheduler.Default);
        Api.Dispose();
        _process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitAnsweringAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await Api.Node.GetInfoAsync(new GetInfoRequest(), cancellationToken: cancellationToken);
                return;
            }
            catch (Grpc.Core.RpcException ex) when (ex.StatusCode == Grpc.Core.StatusCode.Unavailable)
            {
                await Task.Delay(20, cancellationToken);
            }
        }
    }
}
