using LiteDB;
using TradeNode.Core.Errors;
using TradeNode.Core.Trades.Currency;

namespace TradeNode.Core.Tests.Trades.Currency;

/// <summary>The trade state machine alone: guarded transitions, deadline, and a LiteDB round trip that keeps every field.</summary>
public sealed class CurrencyTradeStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_happy_path_runs_in_order_and_sets_the_deadline_from_the_deposit_confirmation()
    {
        var trade = Taken();

        trade.Accept([1], [2], [3], "aa", Now);
        trade.SignDeposit([4], [5], Now);
        trade.PublishDeposit([6], Now);
        trade.ConfirmDeposit(Now, TimeSpan.FromDays(6));
        trade.MarkPaymentSent(Now);
        trade.ProposePayout([7], "bb", Now);
        trade.PublishPayout([8], Now);

        Assert.Equal(Now + TimeSpan.FromDays(6), trade.Deadline);
        Assert.False(trade.IsPastDeadline(Now + TimeSpan.FromDays(5)));
        Assert.True(trade.IsPastDeadline(Now + TimeSpan.FromDays(7)));
        trade.Complete(Now);
        Assert.Equal(TradeState.Completed, trade.State);
        Assert.False(trade.IsPastDeadline(Now + TimeSpan.FromDays(7)));
        Assert.Equal("trade:" + trade.Id, trade.ReservationId);
    }

    [Fact]
    public void Illegal_moves_throw_and_leave_the_state_alone()
    {
        var trade = Taken();

        Assert.Throws<PreconditionFailedException>(() => trade.MarkPaymentSent(Now));
        Assert.Throws<PreconditionFailedException>(() => trade.ProposePayout([1], "bb", Now));
        Assert.Equal(TradeState.TakeRequested, trade.State);

        trade.Accept([1], [2], [3], "aa", Now);
        trade.SignDeposit([4], [5], Now);
        var cancel = Assert.Throws<PreconditionFailedException>(() => trade.Cancel("too late", Now));
        Assert.Contains("DepositSigned", cancel.Message, StringComparison.Ordinal);
        Assert.Equal(TradeState.DepositSigned, trade.State);

        // After the deposit is signed a failed check is recorded but does not end the trade: the escrow may hold coins.
        trade.Fail("bad payout", Now);
        Assert.Equal(TradeState.DepositSigned, trade.State);
        Assert.Equal("bad payout", trade.LastError);
    }

    [Fact]
    public void Cancel_and_refuse_end_the_trade_before_the_deposit()
    {
        var cancelled = Taken();
        cancelled.Cancel("changed my mind", Now);
        Assert.True(cancelled.IsClosed);
        Assert.Throws<PreconditionFailedException>(() => cancelled.Accept([1], [2], [3], "aa", Now));

        var refused = Taken();
        refused.Refuse("amount out of range", Now);
        Assert.Equal(TradeState.Refused, refused.State);
        Assert.Equal("amount out of range", refused.LastError);
    }

    [Fact]
    public void A_stored_trade_reads_back_with_every_field()
    {
        var trade = Taken();
        trade.Accept([1], [2], [3], "aa", Now);
        trade.SignDeposit([4], [5], Now);
        trade.PublishDeposit([6], Now);
        trade.ConfirmDeposit(Now, TimeSpan.FromHours(1));
        trade.RecordOutgoing([9, 9], Now.AddSeconds(1));
        using var database = new LiteDatabase(new MemoryStream());
        var collection = database.GetCollection("trades");

        collection.Upsert(trade.ToBson());
        var read = CurrencyTrade.FromBson(collection.FindById(trade.Id));

        Assert.Equal(trade.ToBson().ToString(), read.ToBson().ToString());
        Assert.Equal(TradeState.DepositConfirmed, read.State);
        Assert.Equal(trade.Deadline, read.Deadline);
        Assert.Equal([9, 9], read.LastOutgoing);
    }

    [Fact]
    public void The_next_action_asks_the_buyer_to_pay_and_the_seller_to_confirm_and_otherwise_says_what_is_awaited()
    {
        var buyer = Taken();
        var seller = CurrencyTrade.StartAccepted("0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210", TradeSide.Seller, 800_000, new byte[32], "acct", [1], [2], [3], [4], "aa", Now);
        var steps = new List<(string Buyer, string Seller)> { (TradeService.NextAction(buyer), TradeService.NextAction(seller)) };

        buyer.Accept([1], [2], [3], "aa", Now);
        steps.Add((TradeService.NextAction(buyer), TradeService.NextAction(seller)));
        foreach (var trade in new[] { buyer, seller })
        {
            trade.SignDeposit([4], [5], Now);
        }

        steps.Add((TradeService.NextAction(buyer), TradeService.NextAction(seller)));
        foreach (var trade in new[] { buyer, seller })
        {
            trade.ConfirmDeposit(Now, TimeSpan.FromDays(6));
        }

        steps.Add((TradeService.NextAction(buyer), TradeService.NextAction(seller)));
        foreach (var trade in new[] { buyer, seller })
        {
            trade.MarkPaymentSent(Now);
        }

        steps.Add((TradeService.NextAction(buyer), TradeService.NextAction(seller)));
        foreach (var trade in new[] { buyer, seller })
        {
            trade.ProposePayout([7], "bb", Now);
        }

        steps.Add((TradeService.NextAction(buyer), TradeService.NextAction(seller)));
        foreach (var trade in new[] { buyer, seller })
        {
            trade.Complete(Now);
        }

        steps.Add((TradeService.NextAction(buyer), TradeService.NextAction(seller)));

        Assert.Equal(
            [
                ("wait_for_maker", "wait_for_taker"),
                ("wait_for_deposit", "wait_for_taker"),
                ("wait_for_deposit_confirmation", "wait_for_deposit_confirmation"),
                ("confirm_payment_sent", "wait_for_payment_sent"),
                ("wait_for_payment_received", "confirm_payment_received"),
                ("wait_for_payout_confirmation", "wait_for_payout_confirmation"),
                ("none", "none"),
            ],
            steps);
    }

    private static CurrencyTrade Taken() =>
        CurrencyTrade.StartTake("0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210", TradeSide.Buyer, 800_000, new byte[32], "acct", [1, 2], Now);
}
