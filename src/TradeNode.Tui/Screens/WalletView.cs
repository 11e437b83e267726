using System.Globalization;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using TradeNode.Api.V1;
using TradeNode.Tui.Formatting;

namespace TradeNode.Tui.Screens;

/// <summary>
/// The wallet: balances (live from Wallet.Watch), lock and unlock, a receive address with its QR code, the send form
/// with a confirmation step, and the transactions. Without a wallet it shows <see cref="WalletSetupView"/>.
/// </summary>
public sealed class WalletView : Screen
{
    private readonly WalletSetupView _setup;
    private readonly View _main;
    private readonly Label _balances;
    private readonly Label _lockState;
    private readonly TextField _password;
    private readonly Label _qr;
    private readonly Label _address;
    private readonly SendForm _send;
    private readonly TableView _transactions;
    private bool _hasAddress;

    public WalletView(TuiSession session)
        : base(session, "Wallet")
    {
        _setup = new WalletSetupView(session) { Visible = false };
        _setup.WalletReady += Activate;
        _main = new View { Width = Dim.Fill(), Height = Dim.Fill(), CanFocus = true };
        _balances = new Label { X = 0, Y = 0, Width = Dim.Fill(), Height = 1, Text = "Balance: loading…" };
        _lockState = new Label { X = 0, Y = 1, Width = 10, Text = string.Empty };
        var passwordLabel = new Label { Text = "Password:", X = 11, Y = 1 };
        _password = new TextField { X = 21, Y = 1, Width = 15, Secret = true };
        var unlock = new Button { Text = "Unlock", X = 37, Y = 1, ShadowStyle = null };
        var lockButton = new Button { Text = "Lock", X = Pos.Right(unlock) + 1, Y = 1, ShadowStyle = null };
        var newAddress = new Button { Text = "New address", X = Pos.Right(lockButton) + 1, Y = 1, ShadowStyle = null };
        var fund = new Button { Text = "Mine 101 (regtest)", X = 48, Y = 10, ShadowStyle = null };
        fund.Accepting += (_, e) =>
        {
            Fund();
            e.Handled = true;
        };
        unlock.Accepting += (_, e) =>
        {
            Unlock();
            e.Handled = true;
        };
        lockButton.Accepting += (_, e) =>
        {
            Session.Call(async ct => await Session.Api.Wallet.LockAsync(new LockWalletRequest(), cancellationToken: ct), _ => RefreshStatus());
            e.Handled = true;
        };
        newAddress.Accepting += (_, e) =>
        {
            NewAddress();
            e.Handled = true;
        };
        _qr = new Label { X = 0, Y = 3, Width = 33, Height = Dim.Fill() };
        _address = new Label { X = 0, Y = 2, Width = Dim.Fill() };
        _send = new SendForm(session) { X = 34, Y = 3, Width = Dim.Fill(), Height = 7 };
        _send.Sent += RefreshStatus;
        var transactionsLabel = new Label { Text = "Transactions", X = 34, Y = 10 };
        _transactions = new TableView { X = 34, Y = 11, Width = Dim.Fill(), Height = Dim.Fill(), FullRowSelect = true };
        _main.Add(_balances, _lockState, passwordLabel, _password, unlock, lockButton, newAddress, fund, _qr, _address, _send, transactionsLabel, _transactions);
        Add(_setup, _main);
        session.WalletStatusChanged += ShowStatus;
    }

    /// <summary>The receive address on screen, or empty.</summary>
    public string ReceiveAddress { get; private set; } = string.Empty;

    public override void Activate() => RefreshStatus();

    private void RefreshStatus() =>
        Session.Call(
            async ct => await Session.Api.Wallet.GetStatusAsync(new GetWalletStatusRequest(), cancellationToken: ct),
            status =>
            {
                Session.PublishWalletStatus(status);
                if (status.Exists)
                {
                    LoadTransactions();
                    if (!_hasAddress)
                    {
                        NewAddress();
                    }
                }
            });

    private void ShowStatus(WalletStatus status)
    {
        // A new wallet's words stay on screen until the user says they are written down.
        var setup = !status.Exists || _setup.ShowingMnemonic;
        _setup.Visible = setup;
        _main.Visible = !setup;
        if (setup)
        {
            return;
        }

        var balance = status.Balance ?? new Balance();
        _balances.Text = status.ChainHeight - status.ScannedHeight > 1
            ? $"Scanning the chain for the wallet's coins: block {status.ScannedHeight} of {status.ChainHeight}…"
            : $"Available {Btc.Format(balance.AvailableSats)} BTC  confirmed {Short(balance.ConfirmedSats)}  "
                + $"unconfirmed {Short(balance.UnconfirmedSats)}  reserved {Short(balance.ReservedSats)}"
                + (balance.HeldByOffersSats > 0 ? $"  held {Short(balance.HeldByOffersSats)}" : string.Empty);
        _lockState.Text = status.Unlocked ? "Unlocked" : "Locked";
    }

    /// <summary>A secondary amount: BTC without trailing zeros, so the balance line fits 80 columns.</summary>
    private static string Short(long sats) => (sats / 100_000_000m).ToString("0.########", CultureInfo.InvariantCulture);

    private void Fund() =>
        Session.Call(
            async ct => await Session.Api.Wallet.FundAsync(new FundRequest { Blocks = 101 }, cancellationToken: ct),
            response =>
            {
                Session.ShowMessage($"Mined {response.BlockHashes.Count} blocks to this wallet (regtest).");
                RefreshStatus();
            },
            busy: "Mining 101 blocks to this wallet");

    private void Unlock()
    {
        var request = new UnlockWalletRequest { Password = _password.Text };
        Session.Call(
            async ct => await Session.Api.Wallet.UnlockAsync(request, cancellationToken: ct),
            response =>
            {
                _password.Text = string.Empty;
                Session.ShowMessage($"Wallet unlocked until {response.UnlockedUntil.ToDateTimeOffset().ToLocalTime():HH:mm}.");
                RefreshStatus();
            });
    }

    private void NewAddress() =>
        Session.Call(
            async ct => await Session.Api.Wallet.NewAddressAsync(new NewAddressRequest(), cancellationToken: ct),
            response =>
            {
                _hasAddress = true;
                ReceiveAddress = response.Address;

                // Bech32 is case-insensitive; upper case fits the QR code's compact alphanumeric mode.
                _qr.Text = string.Join('\n', QrText.Render(response.Address.ToUpperInvariant()));
                _address.Text = "Receive to " + response.Address;
            });

    private void LoadTransactions() =>
        Session.Call(
            async ct => (await Session.Api.Wallet.ListTransactionsAsync(new ListTransactionsRequest { Page = new PageRequest { PageSize = 100 } }, cancellationToken: ct)).Transactions,
            transactions =>
            {
                _transactions.Table = new EnumerableTableSource<WalletTransaction>(transactions, new Dictionary<string, Func<WalletTransaction, object>>
                {
                    ["Amount BTC"] = t => Btc.Format(t.AmountSats),
                    ["Conf"] = t => t.Confirmations.ToString(CultureInfo.InvariantCulture),
                    ["Txid"] = t => t.Txid.Length > 16 ? t.Txid[..16] + "…" : t.Txid,
                });
                _transactions.Update();
            });
}
