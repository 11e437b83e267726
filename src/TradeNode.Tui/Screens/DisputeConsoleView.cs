using System.Globalization;
using System.Text;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using TradeNode.Api.V1;
using TradeNode.Tui.Formatting;
using TradeNode.Tui.Trades;

namespace TradeNode.Tui.Screens;

/// <summary>
/// The arbitrator's disputes console (D in the trades screen): this node's cases (Disputes.List), and for the case
/// Enter opens, the contract summary (escrow, arbitrator fee, deposit), the reason, the evidence, the chat transcript
/// the arbitrator received, and the payout split form. The form shows the escrow, the arbitrator's fee and the mining
/// fee quote from Disputes.Get, checks that buyer + seller + fee + mining fee is the escrow before anything is sent
/// (<see cref="DisputeSplit"/>), asks once more, and only then calls Disputes.Resolve (sign and send). A goods order's
/// case calls its seller the vendor, and refuses a share for a vendor that has not named its payout address yet.
/// </summary>
public sealed class DisputeConsoleView : View
{
    private readonly TuiSession _session;
    private readonly View _list;
    private readonly TableView _table;
    private readonly View _case;
    private readonly Label _facts;
    private readonly TextField _buyer;
    private readonly TextField _seller;
    private readonly Label _sellerLabel;
    private readonly TextField _note;
    private readonly Label _sums;
    private readonly Button _resolve;
    private readonly Button _yes;
    private readonly Button _no;
    private readonly Label _status;
    private List<Dispute> _rows = [];
    private Dispute? _dispute;
    private ResolveDisputeRequest? _pending;

    public DisputeConsoleView(TuiSession session)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        Width = Dim.Fill();
        Height = Dim.Fill();
        CanFocus = true;
        _list = new View { Width = Dim.Fill(), Height = Dim.Fill(), CanFocus = true };
        var intro = new Label { X = 0, Y = 0, Width = Dim.Fill(), Text = "Disputes console: your cases. Enter opens a case; Esc goes back." };
        _table = new TableView { X = 0, Y = 1, Width = Dim.Fill(), Height = Dim.Fill(), FullRowSelect = true };
        _table.KeyDown += (_, key) =>
        {
            if (key == Key.Enter)
            {
                var row = _table.Value?.SelectedCell.Y ?? -1;
                if (row >= 0 && row < _rows.Count)
                {
                    OpenCase(_rows[row].TradeId);
                }

                key.Handled = true;
            }
            else if (key == Key.Esc)
            {
                Closed?.Invoke();
                key.Handled = true;
            }
        };
        _list.Add(intro, _table);

        _case = new View { Width = Dim.Fill(), Height = Dim.Fill(), CanFocus = true, Visible = false };
        _facts = new Label { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill(6) };
        var buyerLabel = new Label { Text = "Buyer sats:", X = 0, Y = Pos.AnchorEnd(6) };
        _buyer = new TextField { X = 13, Y = Pos.AnchorEnd(6), Width = 12 };
        _sellerLabel = new Label { Text = "Seller sats:", X = 27, Y = Pos.AnchorEnd(6) };
        _seller = new TextField { X = 40, Y = Pos.AnchorEnd(6), Width = 12 };
        var noteLabel = new Label { Text = "Note:", X = 0, Y = Pos.AnchorEnd(5) };
        _note = new TextField { X = 13, Y = Pos.AnchorEnd(5), Width = Dim.Fill() };
        _sums = new Label { X = 0, Y = Pos.AnchorEnd(4), Width = Dim.Fill(), Height = 2 };
        _sums.TextFormatter.WordWrap = true;
        _resolve = new Button { Text = "Resolve", X = 0, Y = Pos.AnchorEnd(2), ShadowStyle = null };
        _yes = new Button { Text = "Yes, sign and send", X = 0, Y = Pos.AnchorEnd(2), Visible = false, ShadowStyle = null };
        _no = new Button { Text = "No", X = Pos.Right(_yes) + 1, Y = Pos.AnchorEnd(2), Visible = false, ShadowStyle = null };
        var back = new Button { Text = "Back", X = 30, Y = Pos.AnchorEnd(2), ShadowStyle = null };
        _status = new Label { X = 0, Y = Pos.AnchorEnd(1), Width = Dim.Fill() };
        _resolve.Accepting += (_, e) =>
        {
            Check();
            e.Handled = true;
        };
        _yes.Accepting += (_, e) =>
        {
            Resolve();
            e.Handled = true;
        };
        _no.Accepting += (_, e) =>
        {
            SetAsking(null, "Nothing was sent.");
            e.Handled = true;
        };
        back.Accepting += (_, e) =>
        {
            _case.Visible = false;
            _list.Visible = true;
            Refresh();
            _table.SetFocus();
            e.Handled = true;
        };
        session.DisputeFeed.DisputeChanged += Follow;
        _case.Add(_facts, buyerLabel, _buyer, _sellerLabel, _seller, noteLabel, _note, _sums, _resolve, _yes, _no, back, _status);
        Add(_list, _case);
    }

    /// <summary>Raised on the UI loop when the user leaves the console (Esc on the list).</summary>
    public event Action? Closed;

    /// <summary>The cases in the table.</summary>
    public IReadOnlyList<Dispute> Rows => _rows;

    /// <summary>The case on show, if any.</summary>
    public Dispute? Case => _dispute;

    /// <summary>The split form's check line (the sums, or why they do not add up).</summary>
    public string SumsMessage => _sums.Text;

    /// <summary>Reads this node's cases again and shows the list.</summary>
    public void Refresh()
    {
        _session.Call(
            async ct => (await _session.Api.Disputes.ListAsync(new ListDisputesRequest(), cancellationToken: ct)).Disputes,
            disputes => ShowRows([.. disputes]));
    }

    /// <summary>A case changed (Disputes.Watch): its row, and the case on show, follow; the split typed so far stays.</summary>
    private void Follow(Dispute dispute)
    {
        if (_dispute?.TradeId == dispute.TradeId)
        {
            _dispute = dispute;
            _facts.Text = Facts(dispute);
        }

        var rows = _rows.Where(d => d.TradeId != dispute.TradeId).ToList();
        rows.Insert(Math.Max(0, _rows.FindIndex(d => d.TradeId == dispute.TradeId)), dispute);
        ShowRows(rows);
    }

    private void ShowRows(List<Dispute> rows)
    {
        _rows = rows;
        _table.Table = new EnumerableTableSource<Dispute>(_rows, new Dictionary<string, Func<Dispute, object>>
        {
            ["Case"] = d => (d.GoodsOrder ? "order " : "trade ") + TradeText.ShortId(d.TradeId),
            ["You"] = d => DisputeText.Party(d.Role, d.GoodsOrder),
            ["State"] = d => DisputeText.State(d.State),
            ["Escrow"] = d => Btc.Format(d.EscrowSats),
            ["Reason"] = d => d.Reason,
        });
        _table.Update();
    }

    /// <summary>Focuses the case form when a case is open, else the list.</summary>
    public void FocusFirst()
    {
        if (_case.Visible)
        {
            _buyer.SetFocus();
        }
        else
        {
            _table.SetFocus();
        }
    }

    /// <summary>Opens case <paramref name="tradeId"/>: Disputes.Get with the mining fee quote.</summary>
    public void OpenCase(string tradeId) =>
        _session.Call(
            async ct => await _session.Api.Disputes.GetAsync(new GetDisputeRequest { TradeId = tradeId }, cancellationToken: ct),
            ShowCase);

    /// <summary>Shows <paramref name="dispute"/> with an empty split form (the app calls it with Disputes.Get's answer).</summary>
    public void ShowCase(Dispute dispute)
    {
        _dispute = dispute ?? throw new ArgumentNullException(nameof(dispute));
        _list.Visible = false;
        _case.Visible = true;
        _facts.Text = Facts(dispute);
        _sellerLabel.Text = dispute.GoodsOrder ? "Vendor sats:" : "Seller sats:";
        _buyer.Text = string.Empty;
        _seller.Text = string.Empty;
        _note.Text = string.Empty;
        SetAsking(null, dispute.State == DisputeState.Open ? string.Empty : $"This case is {dispute.State}; it is decided once.");
        _sums.Text = $"Escrow {dispute.EscrowSats} = buyer + {DisputeText.Seller(dispute)} + fee {dispute.ArbitratorFeeSats} + mining fee "
            + $"({dispute.QuoteMiningFeeOneTraderSats} to one trader, {dispute.QuoteMiningFeeBothTradersSats} to both).";
        _buyer.SetFocus();
    }

    private void SetAsking(ResolveDisputeRequest? pending, string status)
    {
        _pending = pending;
        _resolve.Visible = pending is null;
        _yes.Visible = pending is not null;
        _no.Visible = pending is not null;
        _status.Text = status;
    }

    private void Check()
    {
        if (_dispute is not { } dispute)
        {
            return;
        }

        if (!long.TryParse(_buyer.Text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var buyer)
            || !long.TryParse(_seller.Text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seller))
        {
            _sums.Text = "Shares: whole satoshis, 0 for nothing.";
            return;
        }

        var name = DisputeText.Seller(dispute);
        var mining = DisputeSplit.MiningFee(buyer, seller, dispute.QuoteMiningFeeOneTraderSats, dispute.QuoteMiningFeeBothTradersSats);
        if ((DisputeSplit.CheckSellerShare(seller, VendorPayoutKnown(dispute), name) ?? DisputeSplit.Check(dispute.EscrowSats, dispute.ArbitratorFeeSats, buyer, seller, mining, name)) is { } problem)
        {
            _sums.Text = problem;
            SetAsking(null, "Nothing was sent.");
            return;
        }

        _sums.Text = $"buyer {buyer} + {name} {seller} + fee {dispute.ArbitratorFeeSats} + mining fee {mining} = escrow {dispute.EscrowSats} sats.";
        var request = new ResolveDisputeRequest
        {
            TradeId = dispute.TradeId,
            BuyerSats = buyer,
            SellerSats = seller,
            Note = _note.Text.Trim(),
            FeeRateSatPerVb = dispute.QuoteFeeRateSatPerKvb % 1000 == 0 ? dispute.QuoteFeeRateSatPerKvb / 1000 : 0,
            Sign = true,
        };
        SetAsking(request, "Sign this payout and send it to both traders?");
        _yes.SetFocus();
    }

    private void Resolve()
    {
        if (_pending is not { } request)
        {
            return;
        }

        SetAsking(null, "Signing the payout…");
        _session.Call(
            async ct => await _session.Api.Disputes.ResolveAsync(request, cancellationToken: ct),
            dispute =>
            {
                _dispute = dispute;
                _facts.Text = Facts(dispute);
                _status.Text = "Decided: the payout is signed and sent to both traders.";
            },
            error => _status.Text = error,
            busy: "Resolving the dispute");
    }

    /// <summary>A currency contract names the seller's payout script; a goods vendor names it when it opens or joins the case.
    /// A buyer-only case (the vendor never signed) can only refund the buyer.</summary>
    private static bool VendorPayoutKnown(Dispute dispute) => !dispute.BuyerOnly && (!dispute.GoodsOrder || dispute.SellerPayoutKnown);

    private static string Facts(Dispute dispute)
    {
        var text = new StringBuilder();
        var seller = DisputeText.Seller(dispute);
        text.AppendLine(CultureInfo.InvariantCulture, $"{(dispute.GoodsOrder ? "Goods order" : "Trade")} {dispute.TradeId}: {DisputeText.State(dispute.State)}, opened by the {DisputeText.Party(dispute.OpenedBy, dispute.GoodsOrder)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Escrow {dispute.EscrowSats} sats, arbitrator fee {dispute.ArbitratorFeeSats} sats, deposit {dispute.DepositTxid}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Reason: {dispute.Reason}");
        if (dispute.State == DisputeState.Open && !VendorPayoutKnown(dispute))
        {
            text.AppendLine(dispute.BuyerOnly
                ? $"Buyer-only case: the {seller} never signed the order; only a refund to the buyer ({seller} 0) can be decided."
                : $"The {seller} has not named its payout address yet: only a split that gives it 0 can be decided.");
        }

        if (dispute.BuyerSats > 0 || dispute.SellerSats > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Decision: buyer {dispute.BuyerSats}, {seller} {dispute.SellerSats}, mining fee {dispute.MiningFeeSats}; payout {dispute.PayoutTxid}");
        }

        foreach (var evidence in dispute.Evidence)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{DisputeText.Party(evidence.From, dispute.GoodsOrder)}: {evidence.Text}");
        }

        foreach (var transcript in dispute.ChatTranscripts)
        {
            var from = transcript.From.ToString().ToLowerInvariant();
            text.AppendLine(CultureInfo.InvariantCulture, $"chat as the {from}'s node sent it ({transcript.Lines.Count} messages)");
            foreach (var line in transcript.Lines)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"chat {line}");
            }
        }

        if (dispute.ChatTranscripts.Count == 0)
        {
            foreach (var line in dispute.ChatTranscript)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"chat {line}");
            }
        }

        if (dispute.LastError.Length > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Problem: {dispute.LastError}");
        }

        return text.ToString();
    }
}
