using System.Globalization;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using TradeNode.Api.V1;
using TradeNode.Tui.Formatting;

namespace TradeNode.Tui.Screens;

/// <summary>
/// Sending bitcoin in two steps: the form checks what it can (amount, fee rate), then asks for confirmation with the
/// amount, address and fee rate spelled out; only Confirm calls Wallet.Send.
/// </summary>
public sealed class SendForm : View
{
    private readonly TuiSession _session;
    private readonly TextField _address;
    private readonly TextField _amount;
    private readonly TextField _feeRate;
    private readonly Label _message;
    private readonly Button _confirm;
    private readonly Button _cancel;
    private SendRequest? _pending;

    public SendForm(TuiSession session)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        CanFocus = true;
        var title = new Label { Text = "Send", X = 0, Y = 0 };
        var addressLabel = new Label { Text = "To:", X = 0, Y = 1 };
        _address = new TextField { X = 12, Y = 1, Width = Dim.Fill() };
        var amountLabel = new Label { Text = "Amount BTC:", X = 0, Y = 2 };
        _amount = new TextField { X = 12, Y = 2, Width = 14 };
        var feeLabel = new Label { Text = "sat/vB:", X = Pos.Right(_amount) + 1, Y = 2 };
        _feeRate = new TextField { X = Pos.Right(feeLabel) + 1, Y = 2, Width = 5 };
        var send = new Button { Text = "Send…", X = 0, Y = 3, ShadowStyle = null };
        _confirm = new Button { Text = "Confirm", X = Pos.Right(send) + 1, Y = 3, Visible = false, ShadowStyle = null };
        _cancel = new Button { Text = "Cancel", X = Pos.Right(_confirm) + 1, Y = 3, Visible = false, ShadowStyle = null };
        _message = new Label { X = 0, Y = 4, Width = Dim.Fill(), Height = 2 };
        send.Accepting += (_, e) =>
        {
            Prepare();
            e.Handled = true;
        };
        _confirm.Accepting += (_, e) =>
        {
            Confirm();
            e.Handled = true;
        };
        _cancel.Accepting += (_, e) =>
        {
            Reset("Send cancelled; nothing was sent.");
            e.Handled = true;
        };
        Add(title, addressLabel, _address, amountLabel, _amount, feeLabel, _feeRate, send, _confirm, _cancel, _message);
    }

    /// <summary>Raised on the UI thread after a transaction was sent.</summary>
    public event Action? Sent;

    private void Prepare()
    {
        if (_address.Text.Trim().Length == 0)
        {
            _message.Text = "Enter the address to send to.";
            return;
        }

        if (!Btc.TryParse(_amount.Text, out var sats))
        {
            _message.Text = "The amount must be a positive BTC amount with at most 8 decimals, e.g. 0.001.";
            return;
        }

        long feeRate = 0;
        if (_feeRate.Text.Trim().Length > 0 && (!long.TryParse(_feeRate.Text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out feeRate) || feeRate <= 0))
        {
            _message.Text = "The fee rate must be a whole number of sat/vB, or empty for the node's estimate.";
            return;
        }

        _pending = new SendRequest { Address = _address.Text.Trim(), AmountSats = sats, FeeRateSatPerVb = feeRate };
        _message.Text = $"Send {Btc.Format(sats)} BTC to {_pending.Address}\nat {(feeRate == 0 ? "the estimated fee rate" : $"{feeRate} sat/vB")}? Confirm or Cancel.";
        _confirm.Visible = true;
        _cancel.Visible = true;
        _confirm.SetFocus();
    }

    private void Confirm()
    {
        if (_pending is not { } request)
        {
            return;
        }

        _pending = null;
        _confirm.Visible = false;
        _cancel.Visible = false;
        _message.Text = "Sending…";
        _session.Call(
            async ct => await _session.Api.Wallet.SendAsync(request, cancellationToken: ct),
            response =>
            {
                _address.Text = string.Empty;
                _amount.Text = string.Empty;
                _message.Text = $"Sent {Btc.Format(response.AmountSats)} BTC, fee {response.FeeSats} sat.\nTxid {response.Txid}";
                Sent?.Invoke();
            },
            error => _message.Text = error,
            busy: "Sending bitcoin");
    }

    private void Reset(string message)
    {
        _pending = null;
        _confirm.Visible = false;
        _cancel.Visible = false;
        _message.Text = message;
    }
}
