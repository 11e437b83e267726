using Google.Protobuf;
using TradeNode.Bitcoin;
using TradeNode.Core.Tests.Market;
using TradeNode.Core.Trades.Currency;
using TradeNode.Core.Trades.Disputes;
using TradeNode.Core.Trades.Escrow;
using TradeNode.Core.Trades.Protocol;

namespace TradeNode.Core.Tests.Trades.Disputes;

/// <summary>Both traders' chat transcripts reach the arbitrator, each attributed; only the other trader's node adds one, and only once.</summary>
public sealed partial class DisputeServiceTests
{
    [Fact]
    public async Task The_arbitrator_holds_both_traders_transcripts_each_attributed_and_refuses_one_from_a_third_node_the_opener_or_a_second_timeAsync()
    {
        var (buyer, seller, id, _) = await ConfirmedTradeAsync();
        var intruder = await StartPartyAsync("intruder", Arbitrator.Node.ListenAddress, buyer.Node.ListenAddress);
        intruder.StartTrading();
        await Poll.UntilAsync(() => KnowsProfile(intruder, Arbitrator), "the third node knows the arbitrator", StepDeadline);
        await buyer.Chat.SendAsync(id, "I paid at noon");
        await seller.Chat.SendAsync(id, "Nothing arrived");
        await Poll.UntilAsync(() => buyer.Chat.Transcript(id).Count == 2 && seller.Chat.Transcript(id).Count == 2, "both traders have the chat", StepDeadline);
        var arbitratorRejected = Rejections(Arbitrator.Disputes);

        await seller.Disputes.OpenAsync(id, "no payment");
        await Poll.UntilAsync(() => Arbitrator.Disputes.Find(id)?.OtherTranscript is not null, "the arbitrator has the buyer's transcript", StepDeadline);
        var transcripts = DisputeService.TranscriptsOf(Arbitrator.Disputes.Get(id));

        Assert.Equal([EscrowRole.Seller, EscrowRole.Buyer], transcripts.Select(t => t.From));
        foreach (var transcript in transcripts)
        {
            Assert.Equal(2, transcript.Lines.Count);
            Assert.EndsWith("buyer: I paid at noon", transcript.Lines[0], StringComparison.Ordinal);
            Assert.EndsWith("seller: Nothing arrived", transcript.Lines[1], StringComparison.Ordinal);
        }

        Assert.Empty(DisputeService.TranscriptsOf(buyer.Disputes.Get(id)));

        // A third node, the opener itself and the buyer a second time: each rejected, nothing changes.
        var forged = new DisputeMessage { TradeId = id, Transcript = new DisputeTranscript { ChatTranscript = ByteString.CopyFromUtf8("2026-01-01T00:00:00Z buyer: the seller agreed to refund") } };
        await SendAsync(intruder, Arbitrator, forged);
        Assert.Contains("Only the contract's buyer or seller", (await NextFromAsync(arbitratorRejected, intruder)).Reason, StringComparison.Ordinal);
        await SendAsync(seller, Arbitrator, forged);
        Assert.Contains("opener's chat transcript came with its case", (await NextFromAsync(arbitratorRejected, seller)).Reason, StringComparison.Ordinal);
        await SendAsync(buyer, Arbitrator, forged);
        Assert.Contains("taken once", (await NextFromAsync(arbitratorRejected, buyer)).Reason, StringComparison.Ordinal);

        var after = Arbitrator.Disputes.Get(id);
        Assert.Equal(transcripts, DisputeService.TranscriptsOf(after), new TranscriptComparer());
    }

    [Fact]
    public async Task Control_characters_in_a_transcript_are_shown_as_question_marks_so_they_cannot_rewrite_a_terminalAsync()
    {
        var (buyer, _, id, _) = await ConfirmedTradeAsync();
        var trade = buyer.Trades.Get(id);
        var opened = new DisputeOpened
        {
            Contract = TradeService.SignedContractOf(trade),
            DepositTxid = ByteString.CopyFrom(UInt256.Parse(trade.DepositTxid).ToBytes()),
            Reason = "by hand",
            ChatTranscript = ByteString.CopyFromUtf8("2026-01-01T00:00:00Z buyer: hi\u001b[2J\tthere\r\n2026-01-01T00:00:01Z seller: ok"),
        };

        await SendAsync(buyer, Arbitrator, new DisputeMessage { TradeId = id, Opened = opened });
        await Poll.UntilAsync(() => Arbitrator.Disputes.Find(id) is not null, "the arbitrator has the case", StepDeadline);
        var dispute = Arbitrator.Disputes.Get(id);

        Assert.Equal(["2026-01-01T00:00:00Z buyer: hi?[2J\tthere?", "2026-01-01T00:00:01Z seller: ok"], DisputeService.TranscriptOf(dispute));
        Assert.Equal(DisputeService.TranscriptOf(dispute), Assert.Single(DisputeService.TranscriptsOf(dispute)).Lines);
    }

    /// <summary>Two transcript lists are equal when their senders and lines are.</summary>
    private sealed class TranscriptComparer : IEqualityComparer<IReadOnlyList<TraderTranscript>>
    {
        public bool Equals(IReadOnlyList<TraderTranscript>? x, IReadOnlyList<TraderTranscript>? y) =>
            x is not null && y is not null && x.Count == y.Count && x.Zip(y).All(p => p.First.From == p.Second.From && p.First.Lines.SequenceEqual(p.Second.Lines));

        public int GetHashCode(IReadOnlyList<TraderTranscript> obj) => obj.Count;
    }
}
