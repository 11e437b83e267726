using TradeNode.Core.Tests.Market;
using TradeNode.Core.Trades.Disputes;
using TradeNode.Core.Trades.Escrow;

namespace TradeNode.Core.Tests.Trades.Disputes;

/// <summary><see cref="DisputeService.WatchAsync"/>: every persisted change, in order, on the traders' and the arbitrator's nodes.</summary>
public sealed partial class DisputeServiceTests
{
    [Fact]
    public async Task Watch_streams_each_step_of_a_dispute_in_order_on_the_buyer_and_the_arbitrator_and_ends_when_cancelledAsync()
    {
        var (buyer, seller, id, _) = await ConfirmedTradeAsync();
        using var watching = new CancellationTokenSource(StepDeadline * 4);
        var onBuyer = CollectUntilResolvedAsync(buyer.Disputes, id, watching.Token);
        var onArbitrator = CollectUntilResolvedAsync(Arbitrator.Disputes, id, watching.Token);
        using var idle = new CancellationTokenSource();
        var idleWatch = ReadAllAsync(seller.Disputes.WatchAsync(idle.Token));

        await buyer.Disputes.OpenAsync(id, "no answer from the seller");
        await Poll.UntilAsync(() => Arbitrator.Disputes.Find(id) is not null && seller.Disputes.Find(id) is not null, "the arbitrator and the seller have the dispute", StepDeadline);
        await buyer.Disputes.AddEvidenceAsync(id, "bank reference 42");
        await Poll.UntilAsync(() => Arbitrator.Disputes.Get(id).Evidence.Count == 1, "the arbitrator has the evidence", StepDeadline);
        var dispute = Arbitrator.Disputes.Get(id);
        var buyerSats = Arbitrator.Disputes.EscrowOf(dispute) - Arbitrator.Disputes.ArbitratorFeeOf(dispute) - DisputeSplit.MiningFee(Rate, 2);
        await Arbitrator.Disputes.ResolveAsync(id, buyerSats, 0, "the buyer paid", Rate);
        await Poll.UntilAsync(() => buyer.Disputes.Get(id).State == DisputeState.Decided, "the buyer has the decision", StepDeadline);
        await buyer.Disputes.AcceptAsync(id);
        Chain.Generate(1, Stranger());
        var buyerChanges = await onBuyer;
        var arbitratorChanges = await onArbitrator;
        await idle.CancelAsync();
        var sellerChanges = await idleWatch.WaitAsync(StepDeadline);

        Assert.Equal([DisputeState.Open, DisputeState.Decided, DisputeState.PayoutPublished, DisputeState.Resolved], Steps(buyerChanges));
        Assert.Equal([DisputeState.Open, DisputeState.Decided, DisputeState.PayoutPublished, DisputeState.Resolved], Steps(arbitratorChanges));
        Assert.All(buyerChanges.Concat(arbitratorChanges), d => Assert.Equal(id, d.Id));
        Assert.Equal(EscrowRole.Buyer, buyerChanges[0].Role);
        Assert.Equal(EscrowRole.Arbitrator, arbitratorChanges[0].Role);
        Assert.Empty(arbitratorChanges[0].Evidence);
        var withEvidence = arbitratorChanges.FindIndex(d => d.Evidence.Count == 1);
        Assert.InRange(withEvidence, 1, arbitratorChanges.FindIndex(d => d.State == DisputeState.Decided) - 1);
        Assert.Equal(buyerSats, arbitratorChanges.First(d => d.State == DisputeState.Decided).BuyerSats);
        Assert.Equal(buyerSats, buyerChanges.First(d => d.State == DisputeState.Decided).BuyerSats);
        Assert.True(buyerChanges.Zip(buyerChanges.Skip(1)).All(p => p.First.Updated <= p.Second.Updated));
        Assert.Contains(sellerChanges, d => d.Id == id && d.State == DisputeState.Open && d.Role == EscrowRole.Seller);
    }

    /// <summary>Reads <paramref name="service"/>'s changes of trade <paramref name="id"/> until one is resolved.</summary>
    private static async Task<List<Dispute>> CollectUntilResolvedAsync(DisputeService service, string id, CancellationToken cancellationToken)
    {
        var changes = new List<Dispute>();
        await foreach (var change in service.WatchAsync(cancellationToken))
        {
            if (change.Id == id)
            {
                changes.Add(change);
                if (change.State == DisputeState.Resolved)
                {
                    break;
                }
            }
        }

        return changes;
    }

    /// <summary>Every change until the stream's token is cancelled; the stream then ends without an error.</summary>
    private static async Task<List<Dispute>> ReadAllAsync(IAsyncEnumerable<Dispute> changes)
    {
        var all = new List<Dispute>();
        try
        {
            await foreach (var change in changes)
            {
                all.Add(change);
            }
        }
        catch (OperationCanceledException)
        {
            // The token asked for it: the watch ends.
        }

        return all;
    }

    /// <summary>The states of <paramref name="changes"/> with repeats (evidence, outbox, errors) collapsed.</summary>
    private static List<DisputeState> Steps(List<Dispute> changes) =>
        [.. changes.Select(d => d.State).Where((state, i) => i == 0 || changes[i - 1].State != state)];
}
