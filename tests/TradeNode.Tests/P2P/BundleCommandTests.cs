using Google.Protobuf;
using TradeNode.P2P.Protocol;

namespace TradeNode.Tests.P2P;

/// <summary>tradenode bundle export from one node's data, import into an isolated node's.</summary>
[Collection(NodeProcessCollection.Name)]
public sealed class BundleCommandTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"tradenode-bundle-{Guid.NewGuid():N}");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_exported_bundle_imports_the_same_items_and_a_tampered_one_is_rejected_item_by_item()
    {
        var source = Path.Combine(_root, "source");
        List<string> published = [];
        await using (var node = await NodeProcess.StartAsync(source, NodeProcess.FreePort()))
        {
            published.Add(await node.PublishAsync("offer", "o1", 1, "one"));
            published.Add(await node.PublishAsync("offer", "o2", 1, "two"));
            published.Add(await node.PublishAsync("listing", "l1", 1, "a chair"));
            Assert.Equal(0, await node.StopAsync());
        }

        var file = Path.Combine(_root, "market.bundle");
        var export = await TradeNodeProcess.RunAsync(["bundle", "export", "--datadir", source, "--out", file, "--kinds", "offer,listing"]);
        Assert.Equal(0, export.ExitCode);
        Assert.Contains("Exported 3 items", export.Stdout, StringComparison.Ordinal);

        var isolated = Path.Combine(_root, "isolated");
        var import = await TradeNodeProcess.RunAsync(["bundle", "import", "--datadir", isolated, file]);
        Assert.Equal(0, import.ExitCode);
        Assert.Contains("3 stored, 0 duplicates, 0 rejected.", import.Stdout, StringComparison.Ordinal);
        await using (var node = await NodeProcess.StartAsync(isolated, NodeProcess.FreePort()))
        {
            var ids = (await node.ItemsAsync()).Where(i => i.Kind is "offer" or "listing").Select(i => i.Id).Order();
            Assert.Equal(published.Order(), ids);
        }

        var bundle = Bundle.Parser.ParseFrom(await File.ReadAllBytesAsync(file));
        var signature = bundle.Items[1].Signature.ToByteArray();
        signature[10] ^= 0x01;
        bundle.Items[1].Signature = ByteString.CopyFrom(signature);
        var tampered = Path.Combine(_root, "tampered.bundle");
        await File.WriteAllBytesAsync(tampered, bundle.ToByteArray());
        var fresh = Path.Combine(_root, "fresh");

        var rejected = await TradeNodeProcess.RunAsync(["bundle", "import", "--datadir", fresh, tampered]);

        Assert.Equal(2, rejected.ExitCode);
        Assert.Contains("rejected", rejected.Stdout, StringComparison.Ordinal);
        Assert.Contains("BadSignature", rejected.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 stored, 0 duplicates, 1 rejected.", rejected.Stdout, StringComparison.Ordinal);
        var reexport = await TradeNodeProcess.RunAsync(["bundle", "export", "--datadir", fresh, "--out", Path.Combine(_root, "fresh.bundle")]);
        Assert.Contains("Exported 2 items", reexport.Stdout, StringComparison.Ordinal);

        var truncated = Path.Combine(_root, "truncated.bundle");
        var bytes = await File.ReadAllBytesAsync(file);
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);
        var broken = await TradeNodeProcess.RunAsync(["bundle", "import", "--datadir", Path.Combine(_root, "other"), truncated]);
        Assert.Equal(2, broken.ExitCode);
        Assert.Contains("not a valid bundle", broken.Stderr, StringComparison.Ordinal);
    }
}
