using Google.Protobuf;
using TradeNode.P2P.Bundles;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Tests.Bundles;

public sealed class BundleImporterTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly ItemBuilder _builder = new(ItemPolicy.Testing);

    [Fact]
    public async Task Tampered_item_is_rejected_alone_while_good_items_are_stored()
    {
        var items = _builder.BuildMany(5, Now).Select(i => i.Clone()).ToList();
        var tampered = items[2].Content.ToByteArray();
        tampered[^1] ^= 1;
        items[2].Content = ByteString.CopyFrom(tampered);
        using var stream = new MemoryStream();
        await BundleFile.WriteAsync(stream, items);
        stream.Position = 0;
        using var store = ItemStore.InMemory(ItemPolicy.Testing);

        var result = BundleImporter.Import(store, await BundleFile.ReadAsync(stream), Now);

        Assert.Equal(4, result.Stored);
        Assert.Equal(1, result.Rejected);
        Assert.Equal(ItemRejection.BadSignature, result.Results[2].Rejection);
        Assert.False(store.Contains(result.Results[2].Id));
        Assert.Equal(4, store.Count);
    }

    [Fact]
    public void Importing_twice_reports_duplicates()
    {
        var bundle = new Bundle { Version = BundleFile.Version, Items = { _builder.BuildMany(3, Now) } };
        using var store = ItemStore.InMemory(ItemPolicy.Testing);
        BundleImporter.Import(store, bundle, Now);

        var again = BundleImporter.Import(store, bundle, Now);

        Assert.Equal(3, again.Duplicates);
        Assert.Equal(0, again.Stored);
    }

    [Fact]
    public void Expired_items_in_an_old_bundle_are_rejected()
    {
        var bundle = new Bundle { Version = BundleFile.Version, Items = { _builder.BuildMany(2, Now) } };
        using var store = ItemStore.InMemory(ItemPolicy.Testing);

        var result = BundleImporter.Import(store, bundle, Now + TimeSpan.FromDays(2));

        Assert.All(result.Results, r => Assert.Equal(ItemRejection.Expired, r.Rejection));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void Mailbox_items_travel_in_bundles()
    {
        using var alice = NodeIdentity.Generate();
        using var bob = NodeIdentity.Generate();
        var mail = _builder.BuildMailbox(alice, bob.EncryptionPublicKey, "trade 42: paid"u8, Now);
        using var store = ItemStore.InMemory(ItemPolicy.Testing);

        var result = BundleImporter.Import(store, new Bundle { Version = BundleFile.Version, Items = { mail } }, Now);

        Assert.Equal(1, result.Stored);
        var found = Assert.Single(store.GetMailbox(bob.EncryptionPublicKey));
        var body = MailboxBody.Parser.ParseFrom(ItemContent.Parser.ParseFrom(found.Content).Body);
        Assert.True(TradeNode.P2P.Mailbox.MailboxCrypto.TryOpen(bob, body, out var message));
        Assert.Equal(alice.PublicKey, message.Sender);
    }
}
