using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using TradeNode.P2P;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Items;
using TradeNode.P2P.Peers;
using TradeNode.P2P.Protocol;
using TradeNode.Tests.P2P;
using V1 = TradeNode.Api.V1;

namespace TradeNode.Tests.Api;

/// <summary>
/// Trade chat between two real node processes in a currency trade, through the API and the CLI: messages go both
/// ways and stream live; a message sent while the other node is stopped reaches it after it starts again (the
/// network stored it); and a chat message about the trade from a third node is rejected by the trader's node.
/// </summary>
[Collection(NodeProcessCollection.Name)]
public sealed class ApiChatTests() : ApiProcessTestBase("chat")
{
    private const string Password = "correct horse battery";
    private const long Coin = 100_000_000;
    private const long Amount = 10_000_000;
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Traders_chat_live_a_message_sent_while_one_is_stopped_arrives_after_its_restart_and_a_third_nodes_message_is_rejected()
    {
        var chain = await StartChainAsync();
        string[] common = ["--insecure-kdf", "--item-pow-bits", "2", .. RpcArgs(chain)];
        var arbitrator = await StartNodeAsync("arbitrator", common);
        var maker = await StartNodeAsync("maker", [.. common, "--seed-peer", arbitrator.P2PAddress]);
        string[] takerArgs = [.. common, "--seed-peer", arbitrator.P2PAddress, "--seed-peer", maker.P2PAddress];
        var taker = await StartNodeAsync("taker", takerArgs);
        foreach (var node in new[] { arbitrator, maker, taker })
        {
            await node.Wallet.CreateAsync(new V1.CreateWalletRequest { Password = Password });
        }

        await arbitrator.Arbitrators.RegisterAsync(new V1.RegisterArbitratorRequest { Name = "Ada", FeeBps = 100, Languages = { "en" } });
        await arbitrator.Wallet.FundAsync(new V1.FundRequest());
        await SendAsync(arbitrator, maker, 5 * Coin);
        await SendAsync(arbitrator, taker, 5 * Coin);
        await arbitrator.Wallet.FundAsync(new V1.FundRequest { Blocks = 1 });
        await EventuallyAsync(async () => (await Confirmed(maker)) == 5 * Coin && (await Confirmed(taker)) == 5 * Coin, "maker and taker see their coins", StepTimeout);
        await EventuallyAsync(async () => await KnowsArbitratorAsync(maker, arbitrator.NodeId) && await KnowsArbitratorAsync(taker, arbitrator.NodeId), "the traders learn the arbitrator", StepTimeout);
        var offerRequest = ApiOffers.Sell(Amount, arbitrator.NodeId);
        offerRequest.PaymentAccount = "IBAN DE89 3704 0044 0532 0130 00";
        var offer = (await maker.Offers.CreateAsync(offerRequest)).Offer;
        await EventuallyAsync(async () => (await taker.Offers.ListAsync(new V1.ListOffersRequest())).Offers.Any(o => o.OfferId == offer.OfferId), "the offer reaches the taker", StepTimeout);
        var id = (await taker.Trades.TakeOfferAsync(new V1.TakeOfferRequest
        {
            OfferId = offer.OfferId,
            AmountSats = Amount,
            ArbitratorNodeId = arbitrator.NodeId,
            PaymentAccount = "IBAN FR14 2004 1010 0505 0001 3M02 606",
        })).Trade.TradeId;
        await EventuallyAsync(async () => await KnowsTradeAsync(maker, id), "the maker learns the trade", StepTimeout);

        // Live both ways: the maker watches its chat, the taker writes; the maker answers through the CLI.
        using var watchTimeout = new CancellationTokenSource(StepTimeout);
        using var makerWatch = maker.Trades.WatchChat(new V1.WatchChatRequest { TradeId = id }, cancellationToken: watchTimeout.Token);
        await makerWatch.ResponseHeadersAsync;
        var sent = await taker.Trades.SendChatMessageAsync(new V1.SendChatMessageRequest { TradeId = id, Text = "Hello, paying now.\nReference TN-42" });
        Assert.True(await makerWatch.ResponseStream.MoveNext(watchTimeout.Token));
        var streamed = makerWatch.ResponseStream.Current;
        var cliSend = await TradeNodeProcess.RunAsync(["trades", "chat", id, "Thanks, I will watch my account.", "--json", "--datadir", maker.DataDirectory]);
        await EventuallyAsync(async () => (await Chat(taker, id)).Count == 2, "the taker receives the answer", StepTimeout);
        var cliList = await TradeNodeProcess.RunAsync(["trades", "chat-list", id, "--datadir", taker.DataDirectory]);
        var badText = await TradeNodeProcess.RunAsync(["trades", "chat", id, " ", "--datadir", maker.DataDirectory]);

        // Offline delivery: the taker stops, the maker writes, the taker starts again and finds the message.
        await taker.StopAsync();
        var whileAway = await maker.Trades.SendChatMessageAsync(new V1.SendChatMessageRequest { TradeId = id, Text = "Payment arrived while you were away." });
        taker = await StartNodeAsync("taker", takerArgs);
        await EventuallyAsync(async () => (await Chat(taker, id)).Any(m => m.MessageId == whileAway.MessageId), "the restarted taker receives the message sent while it was stopped", StepTimeout);
        var onTaker = await Chat(taker, id);

        // A third node (a raw P2P node that knows the trade id) writes about the trade to the maker: rejected.
        await using var outsider = await P2PNode.StartAsync(new P2PNodeOptions
        {
            DataDirectory = Path.Combine(Root, "outsider"),
            Policy = ItemPolicy.WithDifficulty(2),
            Peers = new PeerManagerOptions { Seeds = [maker.P2PAddress], Interval = TimeSpan.FromMilliseconds(200) },
        });
        NodeKey? makerKey = null;
        await EventuallyAsync(() => Task.FromResult((makerKey = ProfileKey(outsider, maker.NodeId)) is not null), "the outsider learns the maker's profile", StepTimeout);
        await outsider.Mailbox.SendAsync(makerKey!.Value, RawChatMail(id, "I am the arbitrator: send the coins to me."));
        var last = await taker.Trades.SendChatMessageAsync(new V1.SendChatMessageRequest { TradeId = id, Text = "Great, thanks." });
        await EventuallyAsync(async () => (await Chat(maker, id)).Any(m => m.MessageId == last.MessageId), "the maker receives the taker's last message", StepTimeout);
        var onMaker = await Chat(maker, id);
        var makerLog = await maker.StderrAsync();

        Assert.True(sent.IsMine);
        Assert.False(sent.IsPending);
        Assert.Equal(V1.ChatRole.Buyer, sent.SenderRole);
        Assert.Equal(sent.MessageId, streamed.MessageId);
        Assert.Equal("Hello, paying now.\nReference TN-42", streamed.Text);
        Assert.Equal(taker.NodeId, streamed.SenderNodeId);
        Assert.Equal(V1.ChatRole.Buyer, streamed.SenderRole);
        Assert.False(streamed.IsMine);

        Assert.True(cliSend.ExitCode == 0, cliSend.ToString());
        using (var json = JsonDocument.Parse(cliSend.Stdout))
        {
            Assert.Equal("CHAT_ROLE_SELLER", json.RootElement.GetProperty("senderRole").GetString());
            Assert.True(json.RootElement.GetProperty("isMine").GetBoolean());
        }

        Assert.True(cliList.ExitCode == 0, cliList.ToString());
        Assert.Contains("me (buyer): Hello, paying now.", cliList.Stdout, StringComparison.Ordinal);
        Assert.Contains("    Reference TN-42", cliList.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{maker.NodeId} (seller): Thanks, I will watch my account.", cliList.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, badText.ExitCode);
        Assert.Contains("text", badText.Stderr, StringComparison.Ordinal);

        Assert.Equal([sent.MessageId, JsonId(cliSend.Stdout), whileAway.MessageId], onTaker.Select(m => m.MessageId));
        Assert.Equal(V1.ChatRole.Seller, onTaker[2].SenderRole);
        Assert.Equal(4, onMaker.Count);
        Assert.DoesNotContain(onMaker, m => m.Text.Contains("arbitrator", StringComparison.Ordinal));
        Assert.Contains($"Chat message for {id} from", makerLog, StringComparison.Ordinal);
        Assert.Contains("does not take part in this trade", makerLog, StringComparison.Ordinal);
        await ApiAssert.FailsAsync(StatusCode.NotFound, () => arbitrator.Trades.SendChatMessageAsync(new V1.SendChatMessageRequest { TradeId = id, Text = "hi" }).ResponseAsync);
        await ApiAssert.FailsAsync(StatusCode.NotFound, () => arbitrator.Trades.ListChatAsync(new V1.ListChatRequest { TradeId = id }).ResponseAsync);
        await ApiAssert.InvalidAsync("text", () => taker.Trades.SendChatMessageAsync(new V1.SendChatMessageRequest { TradeId = id, Text = new string('x', 2001) }).ResponseAsync);
    }

    private static async Task<List<V1.ChatMessage>> Chat(ApiNodeProcess node, string id) =>
        [.. (await node.Trades.ListChatAsync(new V1.ListChatRequest { TradeId = id })).Messages];

    private static async Task<long> Confirmed(ApiNodeProcess node) => (await node.Wallet.GetBalanceAsync(new V1.GetBalanceRequest())).ConfirmedSats;

    private static async Task SendAsync(ApiNodeProcess from, ApiNodeProcess to, long sats)
    {
        var address = (await to.Wallet.NewAddressAsync(new V1.NewAddressRequest())).Address;
        await from.Wallet.SendAsync(new V1.SendRequest { Address = address, AmountSats = sats, FeeRateSatPerVb = 2 });
    }

    private static async Task<bool> KnowsArbitratorAsync(ApiNodeProcess node, string arbitratorId) =>
        (await node.Arbitrators.ListAsync(new V1.ListArbitratorsRequest())).Arbitrators.Any(a => a.NodeId == arbitratorId);

    private static async Task<bool> KnowsTradeAsync(ApiNodeProcess node, string id)
    {
        try
        {
            await node.Trades.GetAsync(new V1.GetTradeRequest { TradeId = id });
            return true;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return false;
        }
    }

    private static string JsonId(string stdout)
    {
        using var json = JsonDocument.Parse(stdout);
        return json.RootElement.GetProperty("messageId").GetString()!;
    }

    /// <summary>The node key of the profile whose author has node id <paramref name="nodeId"/>, from the store of <paramref name="node"/>.</summary>
    private static NodeKey? ProfileKey(P2PNode node, string nodeId)
    {
        var id = NodeId.Parse(nodeId);
        foreach (var item in node.Store.GetByKind(ItemKind.NodeProfile))
        {
            if (NodeKey.TryCreate(ItemContent.Parser.ParseFrom(item.Content).Author.Span, out var key) && id.Matches(key))
            {
                return key;
            }
        }

        return null;
    }

    /// <summary>
    /// A chat message as a hostile node writes it, straight in the wire format: tradenode.trade.v1.Mail{topic "chat",
    /// body ChatMessageBody{message_id, trade_id, text, sent_unix_ms}}.
    /// </summary>
    private static byte[] RawChatMail(string tradeId, string text)
    {
        using var body = new MemoryStream();
        var writer = new CodedOutputStream(body);
        writer.WriteTag(1, WireFormat.WireType.LengthDelimited);
        writer.WriteString(Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()));
        writer.WriteTag(2, WireFormat.WireType.LengthDelimited);
        writer.WriteString(tradeId);
        writer.WriteTag(3, WireFormat.WireType.LengthDelimited);
        writer.WriteString(text);
        writer.WriteTag(4, WireFormat.WireType.Varint);
        writer.WriteInt64(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        writer.Flush();
        using var mail = new MemoryStream();
        var envelope = new CodedOutputStream(mail);
        envelope.WriteTag(1, WireFormat.WireType.LengthDelimited);
        envelope.WriteString("chat");
        envelope.WriteTag(2, WireFormat.WireType.LengthDelimited);
        envelope.WriteBytes(ByteString.CopyFrom(body.ToArray()));
        envelope.Flush();
        return mail.ToArray();
    }
}
