using System.Diagnostics;

namespace TradeNode.Tui.Tests;

/// <summary><c>tradenode tui</c> as a user starts it, when there is nothing to connect to.</summary>
[Collection(TuiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class TuiCommandTests
{
    [Fact]
    public async Task Tui_without_a_running_node_exits_with_a_sentence_saying_how_to_start_oneAsync()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "tradenode-tui-empty-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dataDirectory);
        try
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "tradenode", "tradenode.dll");
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            var start = new ProcessStartInfo(!string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { dll, "tui", "--datadir", dataDirectory })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);

            Assert.Equal(4, process.ExitCode);
            Assert.Contains($"No node is running with data directory {dataDirectory}", await stderr, StringComparison.Ordinal);
            Assert.Contains($"tradenode node --datadir {dataDirectory}", await stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", await stderr, StringComparison.Ordinal);
            Assert.Empty(await stdout);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
