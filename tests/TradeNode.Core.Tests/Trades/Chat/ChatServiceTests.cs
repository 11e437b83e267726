using Google.Protobuf;
using TradeNode.Core.Errors;
using TradeNode.Core.Messaging;
using TradeNode.Core.Tests.Market;
using TradeNode.Core.Trades.Chat;
using TradeNode.Core.Trades.Protocol;

namespace TradeNode.Core.Tests.Trades.Chat;

/// <summary>
/// Trade chat between real nodes on loopback over the mailbox: a buyer, a seller and an outsider. The participant
/// check, the dedupe by message id, the text bounds, holding a message for a trade not known yet, and the transcript's
/// order are each checked on the receiving node's store and its rejection events.
/// </summary>
public sealed class ChatServiceTests : IAsyncLifetime
{
    private const string TradeId = "0123456789abcdef0123456789abcdef";
    private static readonly TimeSpan StepDeadline = TimeSpan.FromSeconds(30);

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"chat-{Guid.NewGuid():N}");
    private ChatNode _buyer = null!;
    private ChatNode _seller = null!;
    private ChatNode _outsider = null!;

    public async Task InitializeAsync()
    {
        _buyer = await ChatNode.StartAsync(Path.Combine(_root, "buyer"));
        _seller = await ChatNode.StartAsync(Path.Combine(_root, "seller"), seeds: _buyer.Node.ListenAddress);
        _outsider = await ChatNode.StartAsync(Path.Combine(_root, "outsider"), seeds: _buyer.Node.ListenAddress);
        _buyer.Participants.Set(TradeId, new ChatParticipants(ChatRole.Buyer, [new ChatParticipant(_seller.Key, ChatRole.Seller)]));
        _seller.Participants.Set(TradeId, new ChatParticipants(ChatRole.Seller, [new ChatParticipant(_buyer.Key, ChatRole.Buyer)]));
        await Poll.UntilAsync(
            () => _buyer.Knows(_seller) && _seller.Knows(_buyer) && _outsider.Knows(_seller) && _outsider.Knows(_buyer),
            "the three nodes know each other's profiles",
            StepDeadline);
    }

    public async Task DisposeAsync()
    {
        foreach (var node in new[] { _buyer, _seller, _outsider })
        {
            await node.DisposeAsync();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned up with the temp folder.
        }
    }

    [Fact]
    public async Task A_message_reaches_the_counterparty_with_the_senders_role_and_both_transcripts_agreeAsync()
    {
        var sent = await _buyer.Chat.SendAsync(TradeId, "Payment sent,\nreference TN-42");
        await Poll.UntilAsync(() => _seller.Chat.Transcript(TradeId).Count == 1, "the seller stores the message", StepDeadline);
        var reply = await _seller.Chat.SendAsync(TradeId, "Received, thanks");
        await Poll.UntilAsync(() => _buyer.Chat.Transcript(TradeId).Count == 2, "the buyer stores the reply", StepDeadline);

        var onSeller = _seller.Chat.Transcript(TradeId)[0];
        var onBuyer = _buyer.Chat.List(TradeId);
        Assert.True(sent.IsMine);
        Assert.Empty(sent.Undelivered);
        Assert.Equal(ChatRole.Buyer, sent.SenderRole);
        Assert.Equal(sent.Id, onSeller.Id);
        Assert.Equal("Payment sent,\nreference TN-42", onSeller.Text);
        Assert.Equal(_buyer.Key, onSeller.SenderKey);
        Assert.Equal(ChatRole.Buyer, onSeller.SenderRole);
        Assert.False(onSeller.IsMine);
        Assert.Equal([sent.Id, reply.Id], onBuyer.Select(m => m.Id));
        Assert.Equal([sent.Id, reply.Id], _seller.Chat.List(TradeId).Select(m => m.Id));
        Assert.Equal([true, false], onBuyer.Select(m => m.IsMine));
        Assert.Equal(ChatRole.Seller, onBuyer[1].SenderRole);
        Assert.Empty(_seller.Rejected);
        Assert.Empty(_buyer.Rejected);
    }

    [Fact]
    public async Task A_message_from_a_node_outside_the_trade_is_rejected_and_nothing_is_storedAsync()
    {
        await SendRawAsync(_outsider, _seller, Body(MessageId(1), "I am the arbitrator, pay me"));

        await Poll.UntilAsync(() => !_seller.Rejected.IsEmpty, "the seller rejects the outsider's message", StepDeadline);
        var rejected = Assert.Single(_seller.Rejected);
        Assert.Equal(_outsider.Key, rejected.Sender);
        Assert.Equal(TradeId, rejected.TradeId);
        Assert.Contains("does not take part", rejected.Reason, StringComparison.Ordinal);
        Assert.Empty(_seller.Chat.Transcript(TradeId));
    }

    [Fact]
    public async Task The_same_message_id_arriving_twice_is_stored_once_and_a_reused_id_from_another_trade_is_rejectedAsync()
    {
        const string OtherTrade = "fedcba9876543210fedcba9876543210";
        _buyer.Participants.Set(OtherTrade, new ChatParticipants(ChatRole.Buyer, [new ChatParticipant(_seller.Key, ChatRole.Seller)]));
        _seller.Participants.Set(OtherTrade, new ChatParticipants(ChatRole.Seller, [new ChatParticipant(_buyer.Key, ChatRole.Buyer)]));
        var body = Body(MessageId(2), "once");

        await SendRawAsync(_buyer, _seller, body);
        await SendRawAsync(_buyer, _seller, body);
        await SendRawAsync(_buyer, _seller, new ChatMessageBody(body) { TradeId = OtherTrade, Text = "same id, other trade" });
        await Poll.UntilAsync(() => !_seller.Rejected.IsEmpty, "the seller rejects the reused id", StepDeadline);
        await _buyer.Chat.SendAsync(TradeId, "marker");
        await Poll.UntilAsync(() => _seller.Chat.Transcript(TradeId).Count == 2, "the marker arrives", StepDeadline);

        Assert.Equal(["once", "marker"], _seller.Chat.Transcript(TradeId).Select(m => m.Text));
        Assert.Empty(_seller.Chat.Transcript(OtherTrade));
        Assert.Contains("taken", Assert.Single(_seller.Rejected).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Texts_over_the_bound_blank_or_with_control_characters_are_refused_on_send_and_rejected_on_receiptAsync()
    {
        var longest = new string('x', ChatService.MaxTextLength);
        var tooLong = longest + "x";

        Assert.Equal("text", (await Assert.ThrowsAsync<InvalidInputException>(() => _buyer.Chat.SendAsync(TradeId, tooLong))).Field);
        Assert.Equal("text", (await Assert.ThrowsAsync<InvalidInputException>(() => _buyer.Chat.SendAsync(TradeId, " \n "))).Field);
        Assert.Equal("text", (await Assert.ThrowsAsync<InvalidInputException>(() => _buyer.Chat.SendAsync(TradeId, "red\u001b[31m"))).Field);
        await Assert.ThrowsAsync<NotFoundException>(() => _buyer.Chat.SendAsync("ffffffffffffffffffffffffffffffff", "hello"));
        Assert.Empty(_buyer.Chat.Transcript(TradeId));

        await SendRawAsync(_buyer, _seller, Body(MessageId(3), tooLong));
        await SendRawAsync(_buyer, _seller, Body(MessageId(4), string.Empty));
        await SendRawAsync(_buyer, _seller, Body(MessageId(5), "carriage\rreturn"));
        await SendRawAsync(_buyer, _seller, Body("not-an-id", "hello"));
        await SendRawAsync(_buyer, _seller, Body(MessageId(6), longest));
        await Poll.UntilAsync(() => _seller.Rejected.Count == 4 && _seller.Chat.Transcript(TradeId).Count == 1, "four rejections and the longest text stored", StepDeadline);

        Assert.Equal(longest, Assert.Single(_seller.Chat.Transcript(TradeId)).Text);
        Assert.All(_seller.Rejected, r => Assert.Equal(_buyer.Key, r.Sender));
    }

    [Fact]
    public async Task A_message_for_a_trade_not_known_yet_is_held_and_stored_once_the_trade_is_knownAsync()
    {
        const string NewTrade = "00000000000000000000000000000077";
        _buyer.Participants.Set(NewTrade, new ChatParticipants(ChatRole.Buyer, [new ChatParticipant(_seller.Key, ChatRole.Seller)]));

        await _buyer.Chat.SendAsync(NewTrade, "early");
        await Poll.UntilAsync(() => _seller.Chat.HeldCount == 1, "the seller holds the message", StepDeadline);
        var beforeKnown = _seller.Chat.Transcript(NewTrade).Count;
        _seller.Participants.Set(NewTrade, new ChatParticipants(ChatRole.Seller, [new ChatParticipant(_buyer.Key, ChatRole.Buyer)]));
        await Poll.UntilAsync(() => _seller.Chat.Transcript(NewTrade).Count == 1, "the held message is stored", StepDeadline);

        Assert.Equal(0, beforeKnown);
        Assert.Equal("early", _seller.Chat.Transcript(NewTrade)[0].Text);
        Assert.Empty(_seller.Rejected);
    }

    [Fact]
    public void The_text_rule_accepts_newlines_tabs_and_unicode_up_to_the_bound()
    {
        Assert.Null(ChatService.TextProblem("Grüße\tund 👍\nbis bald"));
        Assert.Null(ChatService.TextProblem(new string('é', ChatService.MaxTextLength)));
        Assert.NotNull(ChatService.TextProblem(new string('é', ChatService.MaxTextLength + 1)));
        Assert.NotNull(ChatService.TextProblem(null));
        Assert.NotNull(ChatService.TextProblem("bell\a"));
    }

    private static string MessageId(int n) => n.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);

    private static ChatMessageBody Body(string messageId, string text) => new()
    {
        MessageId = messageId,
        TradeId = TradeId,
        Text = text,
        SentUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
    };

    /// <summary>Sends a chat body as <paramref name="from"/> exactly as given, bypassing its chat service's checks.</summary>
    private static async Task SendRawAsync(ChatNode from, ChatNode to, ChatMessageBody body) =>
        await from.Node.Mailbox.SendAsync(to.Key, MailRouter.Wrap(ChatService.MailTopic, body.ToByteArray()));
}
