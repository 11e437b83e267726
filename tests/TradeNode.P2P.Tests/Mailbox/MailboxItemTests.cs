using TradeNode.P2P.Identity;
using TradeNode.P2P.Items;
using TradeNode.P2P.Mailbox;
using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Tests.Mailbox;

public sealed class MailboxItemTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly NodeIdentity _alice = NodeIdentity.Generate();
    private readonly NodeIdentity _bob = NodeIdentity.Generate();
    private readonly ItemBuilder _builder = new(ItemPolicy.Testing);
    private readonly ItemStore _store = ItemStore.InMemory(ItemPolicy.Testing);

    public void Dispose()
    {
        _store.Dispose();
        _alice.Dispose();
        _bob.Dispose();
    }

    private static MailboxBody BodyOf(SignedItem item) => MailboxBody.Parser.ParseFrom(ItemContent.Parser.ParseFrom(item.Content).Body);

    [Fact]
    public void Mailbox_item_does_not_name_the_sender_but_opens_to_the_sender()
    {
        var item = _builder.BuildMailbox(_alice, _bob.EncryptionPublicKey, "offer accepted"u8, Now);

        var content = ItemContent.Parser.ParseFrom(item.Content);

        Assert.False(content.Author.Span.SequenceEqual(_alice.PublicKey.Span));
        Assert.Equal(-1, item.Content.Span.IndexOf(_alice.PublicKey.Span));
        Assert.True(MailboxCrypto.TryOpen(_bob, BodyOf(item), out var message));
        Assert.Equal(_alice.PublicKey, message.Sender);
        Assert.Equal(Convert.ToHexStringLower(message.MessageId), content.Key);
    }

    [Fact]
    public void Recipient_acknowledges_with_a_tombstone_that_removes_the_item_everywhere()
    {
        var item = _builder.BuildMailbox(_alice, _bob.EncryptionPublicKey, "paid"u8, Now);
        Assert.True(_store.Add(item, Now).IsStored);

        var ack = _builder.BuildMailboxTombstone(_bob, item, Now);
        var result = _store.Add(ack!, Now);

        Assert.True(result.IsStored, result.Detail);
        Assert.Equal(ItemId.Compute(item.Content.Span), Assert.Single(result.Removed!));
        Assert.Empty(_store.GetMailbox(_bob.EncryptionPublicKey));
        Assert.Equal(ItemRejection.Tombstoned, _store.Add(item, Now).Rejection);
    }

    [Fact]
    public void Nobody_but_the_recipient_can_acknowledge()
    {
        using var eve = NodeIdentity.Generate();
        var item = _builder.BuildMailbox(_alice, _bob.EncryptionPublicKey, "paid"u8, Now);

        Assert.Null(_builder.BuildMailboxTombstone(eve, item, Now));
        Assert.Null(MailboxCrypto.DeriveItemAuthor(eve, BodyOf(item)));
        Assert.Null(_builder.BuildMailboxTombstone(_bob, _builder.BuildTombstone(_alice, ItemKind.Offer, "x", 1, Now), Now));
    }
}
