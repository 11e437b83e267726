using System.Text.Json;
using Grpc.Core;
using TradeNode.Tests.P2P;
using static TradeNode.Tests.Api.ApiTrading;
using V1 = TradeNode.Api.V1;

namespace TradeNode.Tests.Api;

/// <summary>
/// Disputes between node processes, driven through the API and the CLI on one shared _market (<see cref="ApiDisputeMarket"/>):
/// a trade brought to DEPOSIT_CONFIRMED is disputed by one trader, the arbitrator decides (won by the buyer, by the
/// seller, split, or signed offline with `tradenode psbt sign` and the arbitrator's mnemonic), a trader accepts, and
/// every node ends RESOLVED. Each test checks all three wallets to the satoshi: the traders lose their deposit
/// shares and halves of the deposit fee and gain their decided shares, the arbitrator gains its fee, and the payout's
/// measured mining fee is the quoted one.
/// </summary>
[Collection(NodeProcessCollection.Name)]
public sealed class ApiDisputeTests : IAsyncLifetime
{
    private const long Amount = 10_000_000;
    private const int FeeRate = 2;

    // One _market per test: a node that has done one trade's dispute loses its links in a second one on this machine
    // (a P2P issue still open), so the tests do not share nodes.
    private readonly ApiDisputeMarket _market = new();

    public Task InitializeAsync() => _market.InitializeAsync();

    public Task DisposeAsync() => _market.DisposeAsync();

    [Fact]
    public async Task A_dispute_won_by_the_buyer_pays_the_buyer_the_escrow_less_the_fees()
    {
        using var watchTimeout = new CancellationTokenSource(TradeTimeout * 4);
        using var arbitratorWatch = _market.Arbitrator.Disputes.Watch(new V1.WatchDisputesRequest(), cancellationToken: watchTimeout.Token);
        await arbitratorWatch.ResponseHeadersAsync;
        var watched = ReadUntilResolvedAsync(arbitratorWatch.ResponseStream, watchTimeout.Token);
        var (id, before) = await DisputedTradeAsync(_market.Buyer, "I paid; the seller does not answer");
        var current = await TradeNodeProcess.RunAsync(["disputes", "watch", "--current", "--count", "1", "--datadir", _market.Seller.DataDirectory]);
        await _market.Seller.Disputes.AddEvidenceAsync(new V1.AddEvidenceRequest { TradeId = id, Text = "Nothing arrived." });
        var cli = await TradeNodeProcess.RunAsync(["disputes", "evidence", id, "Bank reference 42", "--datadir", _market.Buyer.DataDirectory]);
        Assert.True(cli.ExitCode == 0, cli.ToString());
        await Eventually.TrueAsync(async () => (await GetDispute(_market.Arbitrator, id)).Evidence.Count == 2, "the arbitrator has both statements", TradeTimeout);
        var quote = await GetDispute(_market.Arbitrator, id, FeeRate);

        var buyerSats = quote.EscrowSats - quote.ArbitratorFeeSats - quote.QuoteMiningFeeOneTraderSats;
        await ResolveAndAcceptAsync(id, buyerSats, 0, accepter: _market.Buyer);

        await AssertSettledAsync(id, before, buyerSats, 0, quote);
        var evidence = (await GetDispute(_market.Arbitrator, id)).Evidence;
        Assert.Contains(evidence, e => e.From == V1.DisputeRole.Buyer && e.Text == "Bank reference 42");
        Assert.Contains(evidence, e => e.From == V1.DisputeRole.Seller && e.Text == "Nothing arrived.");
        var changes = await watched;
        Assert.All(changes, d => Assert.Equal(id, d.TradeId));
        Assert.Equal([V1.DisputeState.Open, V1.DisputeState.Decided, V1.DisputeState.PayoutPublished, V1.DisputeState.Resolved], Steps(changes));
        Assert.Equal(buyerSats, changes.First(d => d.State == V1.DisputeState.Decided).BuyerSats);
        Assert.Contains(changes, d => d.State == V1.DisputeState.Open && d.Evidence.Count == 2);
        Assert.True(current.ExitCode == 0, current.ToString());
        Assert.StartsWith($"{id}  seller  OPEN  opened by buyer", current.Stdout, StringComparison.Ordinal);
        var transcripts = (await GetDispute(_market.Arbitrator, id)).ChatTranscripts;
        Assert.Equal([V1.DisputeRole.Buyer, V1.DisputeRole.Seller], transcripts.Select(t => t.From));
        Assert.Empty((await GetDispute(_market.Seller, id)).ChatTranscripts);
    }

    /// <summary>The changes a Disputes.Watch stream sends until one is RESOLVED.</summary>
    private static async Task<List<V1.Dispute>> ReadUntilResolvedAsync(IAsyncStreamReader<V1.Dispute> stream, CancellationToken cancellationToken)
    {
        var changes = new List<V1.Dispute>();
        while (await stream.MoveNext(cancellationToken))
        {
            changes.Add(stream.Current);
            if (stream.Current.State == V1.DisputeState.Resolved)
            {
                break;
            }
        }

        return changes;
    }

    /// <summary>The states of <paramref name="changes"/> with repeats (evidence, outbox) collapsed.</summary>
    private static List<V1.DisputeState> Steps(List<V1.Dispute> changes) =>
        [.. changes.Select(d => d.State).Where((state, i) => i == 0 || changes[i - 1].State != state)];

    [Fact]
    public async Task A_dispute_won_by_the_seller_returns_the_sellers_coins_and_a_split_that_does_not_add_up_is_refused_with_the_numbers()
    {
        var (id, before) = await DisputedTradeAsync(_market.Seller, "No payment arrived");
        var quote = await GetDispute(_market.Arbitrator, id, FeeRate);
        var sellerSats = quote.EscrowSats - quote.ArbitratorFeeSats - quote.QuoteMiningFeeOneTraderSats;

        var wrong = await ApiAssert.InvalidAsync("buyer_sats", () => _market.Arbitrator.Disputes.ResolveAsync(new V1.ResolveDisputeRequest { TradeId = id, SellerSats = sellerSats - 1, FeeRateSatPerVb = FeeRate, Sign = true }).ResponseAsync);
        Assert.Contains($"the escrow holds {quote.EscrowSats} sats", wrong.Status.Detail, StringComparison.Ordinal);
        await ApiAssert.FailsAsync(StatusCode.FailedPrecondition, () => _market.Seller.Disputes.ResolveAsync(new V1.ResolveDisputeRequest { TradeId = id, SellerSats = sellerSats, Sign = true }).ResponseAsync);
        await ApiAssert.FailsAsync(StatusCode.FailedPrecondition, () => _market.Buyer.Disputes.AcceptAsync(new V1.AcceptDisputeRequest { TradeId = id }).ResponseAsync);
        await ResolveAndAcceptAsync(id, 0, sellerSats, accepter: _market.Seller);

        await AssertSettledAsync(id, before, 0, sellerSats, quote);
    }

    [Fact]
    public async Task A_split_decision_pays_both_traders_and_the_arbitrator()
    {
        var (id, before) = await DisputedTradeAsync(_market.Buyer, "Paid half, bank limit");
        var quote = await GetDispute(_market.Arbitrator, id, FeeRate);
        const long buyerSats = 4_000_000;
        var sellerSats = quote.EscrowSats - quote.ArbitratorFeeSats - quote.QuoteMiningFeeBothTradersSats - buyerSats;

        await ResolveAndAcceptAsync(id, buyerSats, sellerSats, accepter: _market.Seller);

        await AssertSettledAsync(id, before, buyerSats, sellerSats, quote);
        var list = await TradeNodeProcess.RunAsync(["disputes", "list", "--json", "--datadir", _market.Arbitrator.DataDirectory]);
        Assert.True(list.ExitCode == 0, list.ToString());
        using var json = JsonDocument.Parse(list.Stdout);
        var listed = json.RootElement.GetProperty("disputes").EnumerateArray().Single(d => d.GetProperty("tradeId").GetString() == id);
        Assert.Equal("DISPUTE_STATE_RESOLVED", listed.GetProperty("state").GetString());
        Assert.Equal("DISPUTE_ROLE_ARBITRATOR", listed.GetProperty("role").GetString());
    }

    [Fact]
    public async Task The_arbitrator_signs_the_exported_psbt_offline_with_its_mnemonic_and_the_buyer_accepts()
    {
        var (id, before) = await DisputedTradeAsync(_market.Seller, "The buyer's payment bounced");
        var quote = await GetDispute(_market.Arbitrator, id, FeeRate);
        var sellerSats = quote.EscrowSats - quote.ArbitratorFeeSats - quote.QuoteMiningFeeOneTraderSats;
        var decided = await _market.Arbitrator.Disputes.ResolveAsync(new V1.ResolveDisputeRequest { TradeId = id, SellerSats = sellerSats, FeeRateSatPerVb = FeeRate, Note = "bounced", Sign = false });
        Assert.Equal(V1.DisputeState.AwaitingSignature, decided.State);

        var exported = await _market.Arbitrator.Trades.GetPsbtAsync(new V1.GetPsbtRequest { TradeId = id });
        await ApiAssert.InvalidAsync("psbt", () => _market.Arbitrator.Trades.SubmitPsbtAsync(new V1.SubmitPsbtRequest { TradeId = id, Psbt = exported.Psbt }).ResponseAsync);
        var decode = await TradeNodeProcess.RunAsync(["psbt", "decode", exported.Psbt, "--json"]);
        var signing = await TradeNodeProcess.RunAsync(["psbt", "sign", exported.Psbt, "--mnemonic", "-", "--path", exported.KeyPath], _market.ArbitratorMnemonic + "\n");
        Assert.True(signing.ExitCode == 0, signing.ToString());
        var signedPsbt = signing.Stdout.Trim();
        var decodeSigned = await TradeNodeProcess.RunAsync(["psbt", "decode", signedPsbt, "--json"]);
        var submitted = await _market.Arbitrator.Trades.SubmitPsbtAsync(new V1.SubmitPsbtRequest { TradeId = id, Psbt = signedPsbt });
        Assert.Equal(decided.PayoutTxid, submitted.PayoutTxid);
        await Eventually.TrueAsync(async () => (await GetDispute(_market.Buyer, id)).State == V1.DisputeState.Decided, "the buyer has the decision", TradeTimeout);
        await _market.Buyer.Disputes.AcceptAsync(new V1.AcceptDisputeRequest { TradeId = id });
        await MineAsync(_market.Chain, 1);

        await AssertSettledAsync(id, before, 0, sellerSats, quote);
        Assert.Matches(@"^m/84'/1'/1000'/\d+$", exported.KeyPath);
        Assert.True(decode.ExitCode == 0, decode.ToString());
        using var unsignedJson = JsonDocument.Parse(decode.Stdout);
        var input = Assert.Single(unsignedJson.RootElement.GetProperty("inputs").EnumerateArray());
        Assert.Equal(quote.EscrowSats, input.GetProperty("amountSats").GetInt64());
        Assert.Empty(input.GetProperty("signedBy").EnumerateArray());
        Assert.Equal(quote.QuoteMiningFeeOneTraderSats, unsignedJson.RootElement.GetProperty("feeSats").GetInt64());
        Assert.Contains(unsignedJson.RootElement.GetProperty("outputs").EnumerateArray(), o => o.GetProperty("amountSats").GetInt64() == sellerSats);
        using var signedJson = JsonDocument.Parse(decodeSigned.Stdout);
        Assert.Equal(exported.PubKey, Assert.Single(signedJson.RootElement.GetProperty("inputs")[0].GetProperty("signedBy").EnumerateArray()).GetString());
    }

    /// <summary>A new trade brought to DEPOSIT_CONFIRMED and disputed by <paramref name="opener"/>; the three balances before it started.</summary>
    private async Task<(string Id, (long Buyer, long Seller, long Arbitrator) Before)> DisputedTradeAsync(ApiNodeProcess opener, string reason)
    {
        var before = await _market.SettledBalancesAsync();
        var id = await TakeToDepositConfirmedAsync(_market.Chain, _market.Seller, _market.Buyer, _market.Arbitrator, Amount);
        var opened = await opener.Disputes.OpenAsync(new V1.OpenDisputeRequest { TradeId = id, Reason = reason });
        Assert.Equal(V1.DisputeState.Open, opened.State);
        Assert.Equal(V1.TradeState.Disputed, (await Get(opener, id)).State);
        Assert.Equal("dispute_open", (await Get(opener, id)).NextAction);
        await WaitForStateAsync(opener == _market.Buyer ? _market.Seller : _market.Buyer, id, V1.TradeState.Disputed);
        await Eventually.TrueAsync(async () => (await _market.Arbitrator.Disputes.ListAsync(new V1.ListDisputesRequest())).Disputes.Any(d => d.TradeId == id), "the arbitrator has the case", TradeTimeout);
        var onArbitrator = await GetDispute(_market.Arbitrator, id);
        Assert.Equal(reason, onArbitrator.Reason);
        Assert.Equal(opener == _market.Buyer ? V1.DisputeRole.Buyer : V1.DisputeRole.Seller, onArbitrator.OpenedBy);
        await ApiAssert.FailsAsync(StatusCode.FailedPrecondition, () => _market.Buyer.Trades.ConfirmPaymentSentAsync(new V1.ConfirmPaymentSentRequest { TradeId = id }).ResponseAsync);
        return (id, before);
    }

    private async Task ResolveAndAcceptAsync(string id, long buyerSats, long sellerSats, ApiNodeProcess accepter)
    {
        var decided = await _market.Arbitrator.Disputes.ResolveAsync(new V1.ResolveDisputeRequest { TradeId = id, BuyerSats = buyerSats, SellerSats = sellerSats, FeeRateSatPerVb = FeeRate, Note = "decided", Sign = true });
        Assert.Equal(V1.DisputeState.Decided, decided.State);
        await Eventually.TrueAsync(async () => (await GetDispute(accepter, id)).State == V1.DisputeState.Decided, "the trader has the decision", TradeTimeout);
        var accepted = await accepter.Disputes.AcceptAsync(new V1.AcceptDisputeRequest { TradeId = id });
        Assert.Equal(V1.DisputeState.PayoutPublished, accepted.State);
        Assert.Equal(decided.PayoutTxid, accepted.PayoutTxid);
        await MineAsync(_market.Chain, 1);
    }

    /// <summary>All three nodes resolved; every wallet moved by exactly its share; the payout's measured fee is the quoted one.</summary>
    private async Task AssertSettledAsync(string id, (long Buyer, long Seller, long Arbitrator) before, long buyerSats, long sellerSats, V1.Dispute quote)
    {
        await WaitForStateAsync(_market.Buyer, id, V1.TradeState.Resolved);
        await WaitForStateAsync(_market.Seller, id, V1.TradeState.Resolved);
        await Eventually.TrueAsync(async () => (await GetDispute(_market.Arbitrator, id)).State == V1.DisputeState.Resolved, "the arbitrator sees the payout confirmed", TradeTimeout);
        var after = await _market.SettledBalancesAsync();
        var trade = await Get(_market.Buyer, id);
        var depositFee = await FeeAsync(_market.Chain, trade.DepositTxid);
        var payoutFee = await FeeAsync(_market.Chain, trade.PayoutTxid);
        var outputs = buyerSats == 0 || sellerSats == 0 ? quote.QuoteMiningFeeOneTraderSats : quote.QuoteMiningFeeBothTradersSats;

        Assert.Equal(outputs, payoutFee);
        Assert.Equal(quote.EscrowSats - buyerSats - sellerSats - quote.ArbitratorFeeSats, payoutFee);
        Assert.Equal(Amount / 100, quote.ArbitratorFeeSats * 100 / 130); // 1% of the escrow (amount + two 15% deposits)
        Assert.Equal(before.Buyer - trade.BuyerDepositSats - (depositFee / 2) + buyerSats, after.Buyer);
        Assert.Equal(before.Seller - Amount - trade.SellerDepositSats - (depositFee - (depositFee / 2)) + sellerSats, after.Seller);
        Assert.Equal(before.Arbitrator + quote.ArbitratorFeeSats, after.Arbitrator);
        Assert.Equal(trade.PayoutTxid, (await Get(_market.Seller, id)).PayoutTxid);
        Assert.True((await Get(_market.Seller, id)).IsClosed);
    }

    private static async Task<V1.Dispute> GetDispute(ApiNodeProcess node, string id, int feeRate = 0) =>
        await node.Disputes.GetAsync(new V1.GetDisputeRequest { TradeId = id, FeeRateSatPerVb = feeRate });
}
