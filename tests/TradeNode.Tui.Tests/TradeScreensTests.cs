using Grpc.Core;
using Terminal.Gui.Input;
using TradeNode.Api.V1;
using TradeNode.Tui.Trades;

namespace TradeNode.Tui.Tests;

/// <summary>
/// A currency trade driven through the front-end's keys: a <c>tradenode chain</c>, an arbitrator, bob (maker) and
/// alice (taker, the app at 80x24) as real processes on loopback. Bob's side goes through the API.
/// </summary>
[Collection(TuiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class TradeScreensTests
{
    private const string Password = "correct horse battery";
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Taking_an_offer_with_keys_creates_the_trade_and_its_view_offers_the_legal_actions_as_it_movesAsync()
    {
        await using var chain = await ChainProcess.StartAsync();
        await using var arbitrator = await NodeProcess.StartAsync([.. chain.NodeArgs, "--name", "Ada"]);
        var arbitratorInfo = await arbitrator.Api.Node.GetInfoAsync(new GetInfoRequest());
        await using var bob = await NodeProcess.StartAsync([.. chain.NodeArgs, "--name", "bob", "--seed-peer", arbitratorInfo.P2PAddress]);
        await using var alice = await NodeProcess.StartAsync([.. chain.NodeArgs, "--name", "alice", "--seed-peer", arbitratorInfo.P2PAddress]);
        foreach (var node in new[] { arbitrator, bob, alice })
        {
            await node.Api.Wallet.CreateAsync(new CreateWalletRequest { Password = Password });
        }

        // A new wallet gives the node the identity derived from its seed: read the arbitrator's id after it.
        arbitratorInfo = await arbitrator.Api.Node.GetInfoAsync(new GetInfoRequest());

        await arbitrator.Api.Arbitrators.RegisterAsync(new RegisterArbitratorRequest { Name = "Ada", FeeBps = 100, Languages = { "en" } });
        await alice.Api.Wallet.FundAsync(new FundRequest { Blocks = 101 });
        await bob.Api.Wallet.FundAsync(new FundRequest { Blocks = 101 });
        await Poll.UntilAsync(async () => await KnowsArbitratorAsync(alice, arbitratorInfo.NodeId) && await KnowsArbitratorAsync(bob, arbitratorInfo.NodeId), "alice and bob learn the arbitrator");
        await Poll.UntilAsync(async () => (await alice.Api.Wallet.GetBalanceAsync(new GetBalanceRequest())).AvailableSats > 0 && (await bob.Api.Wallet.GetBalanceAsync(new GetBalanceRequest())).AvailableSats > 0, "both wallets see mature coins");
        var offer = (await bob.Api.Offers.CreateAsync(new CreateOfferRequest
        {
            Direction = OfferDirection.Sell,
            AmountSats = 1_000_000,
            MinAmountSats = 500_000,
            Price = "62000",
            Currency = "EUR",
            PaymentMethodId = "SEPA",
            ArbitratorNodeIds = { arbitratorInfo.NodeId },
            PaymentAccount = "IBAN DE89 bob",
        })).Offer;
        using var tui = new TuiHarness(alice.Api);

        // The market shows bob's offer; Enter opens it, Enter on Take opens the form.
        await tui.WaitForTextAsync("62000 EUR", Slow);
        tui.Press(Key.Enter);
        await tui.WaitForTextAsync("Offer " + offer.OfferId);
        tui.Press(Key.Enter);
        await tui.WaitForTextAsync("Amount BTC:");
        await tui.WaitForTextAsync("⟦ Ada (fee 1% in a dispute) ⟧");

        // Bad input: an amount above the offer's and no account; the messages show under their fields.
        tui.Press(Key.End);
        tui.Press([.. Enumerable.Repeat(Key.Backspace, 20)]);
        tui.Type("0.02");
        tui.Press(Key.Tab, Key.Tab, Key.Tab, Key.Enter);
        var refused = await tui.WaitForTextAsync("Between 0.00500000 and 0.01000000 BTC.");

        // Good input: 0.008 BTC and an account; Review shows the totals; Confirm takes.
        tui.Press(Key.Tab.WithShift, Key.Tab.WithShift, Key.Tab.WithShift);
        tui.Press(Key.End);
        tui.Press([.. Enumerable.Repeat(Key.Backspace, 20)]);
        tui.Type("0.008");
        tui.Press(Key.Tab, Key.Tab);
        tui.Type("IBAN FR76 alice");
        tui.Press(Key.Tab, Key.Enter);
        var review = await tui.WaitForTextAsync("You BUY 0.00800000 BTC and pay 496.00 EUR by SEPA.");
        var tradesBefore = (await alice.Api.Trades.ListAsync(new ListTradesRequest())).Trades.Count;
        tui.Press(Key.Enter);
        var opened = await tui.WaitForTextAsync("You BUY 0.00800000 BTC for 496");
        var trade = Assert.Single((await alice.Api.Trades.ListAsync(new ListTradesRequest())).Trades);

        // The deposit is published: nothing for alice to do until it confirms.
        await Poll.UntilAsync(async () => (await Get(alice, trade.TradeId)).State == TradeState.DepositPublished, "the deposit is published", Slow);
        var waiting = await tui.WaitForTextAsync("Waiting for the deposit to confirm", Slow);
        var waitingActions = tui.Window.Trades.Detail.OfferedActions.ToList();
        await arbitrator.Api.Wallet.FundAsync(new FundRequest { Blocks = 1 });
        var paying = await tui.WaitForTextAsync("⟦ Payment sent ⟧", Slow);
        var payingActions = tui.Window.Trades.Detail.OfferedActions.ToList();

        // Payment sent, through the keys: the button is focused; Yes confirms.
        tui.Press(Key.Enter);
        await tui.WaitForTextAsync("⟦ Yes, sent ⟧");
        tui.Press(Key.Enter);
        var sent = await tui.WaitForTextAsync("Waiting for the seller to confirm the payment", Slow);
        var sentActions = tui.Window.Trades.Detail.OfferedActions.ToList();

        // The chat beside the timeline: bob writes through the API, alice answers with keys (Shift+Tab from Back).
        await bob.Api.Trades.SendChatMessageAsync(new SendChatMessageRequest { TradeId = trade.TradeId, Text = "Got it, checking my account" });
        var chatIn = await tui.WaitForTextAsync("seller: Got it, checking my account", Slow);
        tui.Press(Key.Tab.WithShift);
        tui.Type("Paid by SEPA, ref 42");
        tui.Press(Key.Enter);
        var chatOut = await tui.WaitForTextAsync("me: Paid by SEPA, ref 42", Slow);
        await Poll.UntilAsync(async () => (await bob.Api.Trades.ListChatAsync(new ListChatRequest { TradeId = trade.TradeId })).Messages.Any(m => m.Text == "Paid by SEPA, ref 42" && !m.IsMine), "bob receives alice's message", Slow);

        // Alice looks at the market while bob confirms: the trades key counts the events she has not seen.
        tui.Press(Key.F2);
        await Poll.UntilAsync(async () => (await Get(bob, trade.TradeId)).State == TradeState.PaymentSent, "bob sees the payment sent", Slow);
        await bob.Api.Trades.ConfirmPaymentReceivedAsync(new ConfirmPaymentReceivedRequest { TradeId = trade.TradeId });
        var unread = await tui.WaitForScreenAsync(s => s.Contains("F7 Trades 1", StringComparison.Ordinal) || s.Contains("F7 Trades 2", StringComparison.Ordinal), "unread trade events", Slow);
        tui.Press(Key.F7);
        var back = await tui.WaitForTextAsync("Waiting for the payout to confirm", Slow);
        await Poll.UntilAsync(async () => (await Get(alice, trade.TradeId)).State == TradeState.PayoutPublished, "the payout is published", Slow);
        await arbitrator.Api.Wallet.FundAsync(new FundRequest { Blocks = 1 });
        var completed = await tui.WaitForTextAsync("✓ Completed", Slow);
        tui.Press(Key.Enter);
        var list = await tui.WaitForTextAsync("Your trades.");

        Assert.Contains("Between 0.00500000 and 0.01000000 BTC.", Line(refused, "Amount BTC:", 1), StringComparison.Ordinal);
        Assert.Contains("Where your payment comes from", Line(refused, "Your account:", 1), StringComparison.Ordinal);
        Assert.Contains("Deposits: buyer 0.00120000, seller 0.00120000 BTC", review, StringComparison.Ordinal);
        Assert.Contains("Escrow holds 0.01040000 BTC; you fund 0.00120000 BTC", review, StringComparison.Ordinal);
        Assert.Contains("Arbitrator: Ada (fee 1% in a dispute).", review, StringComparison.Ordinal);
        Assert.Equal(0, tradesBefore);
        Assert.Equal(800_000, trade.AmountSats);
        Assert.Equal(offer.OfferId, trade.OfferId);
        Assert.Equal("IBAN FR76 alice", trade.MyPaymentAccount);
        Assert.Equal(arbitratorInfo.NodeId, trade.ArbitratorNodeId);
        Assert.Contains("Trade " + trade.TradeId, opened, StringComparison.Ordinal);
        Assert.Equal([TradeAction.OpenDispute], waitingActions);
        Assert.DoesNotContain("⟦ Payment sent ⟧", waiting, StringComparison.Ordinal);
        Assert.DoesNotContain("⟦ Cancel trade ⟧", waiting, StringComparison.Ordinal);
        Assert.Equal([TradeAction.PaymentSent, TradeAction.OpenDispute], payingActions);
        Assert.Contains("Pay to: IBAN DE89 bob", paying, StringComparison.Ordinal);
        Assert.Contains("Escrow address bcrt1q", paying, StringComparison.Ordinal);
        Assert.Equal([TradeAction.OpenDispute], sentActions);
        Assert.DoesNotContain("⟦ Payment sent ⟧", sent, StringComparison.Ordinal);
        Assert.Contains("✓ Deposit confirmed", sent, StringComparison.Ordinal);
        Assert.Contains("▶ Payment sent", sent, StringComparison.Ordinal);
        Assert.Contains("62000 EUR", unread, StringComparison.Ordinal);
        Assert.Contains("Chat (Enter sends)", paying, StringComparison.Ordinal);
        Assert.Contains("No messages yet.", paying, StringComparison.Ordinal);
        var chatLine = chatIn.Split('\n').Single(l => l.Contains("seller: Got it", StringComparison.Ordinal));
        Assert.True(chatLine.IndexOf("seller:", StringComparison.Ordinal) > 31, "the chat sits right of the timeline: " + chatLine);
        Assert.Equal(2, tui.Window.Trades.Detail.Chat.Messages.Count);
        Assert.Contains("me: Paid by SEPA, ref 42", chatOut, StringComparison.Ordinal);
        Assert.DoesNotContain("F7 Trades 1", back, StringComparison.Ordinal);
        var row = Line(list, "│", 2);
        Assert.Contains(trade.TradeId[..8], row, StringComparison.Ordinal);
        Assert.Contains("Completed", row, StringComparison.Ordinal);
        Assert.Contains("Done", row, StringComparison.Ordinal);
        Assert.Contains("Completed — Done", completed, StringComparison.Ordinal);
        Assert.Empty(tui.Window.Trades.Detail.OfferedActions);
        Assert.Equal(TradeState.Completed, (await Get(alice, trade.TradeId)).State);
    }

    private static async Task<Trade> Get(NodeProcess node, string tradeId)
    {
        try
        {
            return await node.Api.Trades.GetAsync(new GetTradeRequest { TradeId = tradeId });
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return new Trade { TradeId = tradeId };
        }
    }

    private static async Task<bool> KnowsArbitratorAsync(NodeProcess node, string arbitratorId) =>
        (await node.Api.Arbitrators.ListAsync(new ListArbitratorsRequest())).Arbitrators.Any(a => a.NodeId == arbitratorId);

    /// <summary>The line <paramref name="offset"/> lines below the one that starts with <paramref name="start"/>.</summary>
    private static string Line(string screen, string start, int offset)
    {
        var lines = screen.Split('\n');
        var index = Array.FindIndex(lines, l => l.StartsWith(start, StringComparison.Ordinal));
        Assert.True(index >= 0, $"'{start}' is on screen:\n{screen}");
        return lines[index + offset];
    }
}
