using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using TradeNode.Api.V1;

namespace TradeNode.Tui.Screens;

/// <summary>
/// Shown when the node has no wallet: create one (its mnemonic is shown once, with a warning to write it down) or
/// restore one from a mnemonic. Passwords and words never leave the fields except in the API call.
/// </summary>
public sealed class WalletSetupView : View
{
    private readonly TuiSession _session;
    private readonly TextField _password;
    private readonly TextField _mnemonic;
    private readonly Label _result;
    private readonly Button _written;

    public WalletSetupView(TuiSession session)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        Width = Dim.Fill();
        Height = Dim.Fill();
        CanFocus = true;
        var intro = new Label { Text = "This node has no wallet yet. Choose a password, then create a new wallet or restore one.", X = 0, Y = 0, Width = Dim.Fill() };
        var passwordLabel = new Label { Text = "Password:", X = 0, Y = 2 };
        _password = new TextField { X = 10, Y = 2, Width = 30, Secret = true };
        var mnemonicLabel = new Label { Text = "Mnemonic:", X = 0, Y = 4 };
        _mnemonic = new TextField { X = 10, Y = 4, Width = Dim.Fill(), Secret = true };
        var hint = new Label { Text = "(only to restore: the 12 or 24 words, separated by spaces)", X = 10, Y = 5 };
        var create = new Button { Text = "Create new wallet", X = 0, Y = 7, ShadowStyle = null };
        var restore = new Button { Text = "Restore from mnemonic", X = Pos.Right(create) + 2, Y = 7, ShadowStyle = null };
        _result = new Label { X = 0, Y = 9, Width = Dim.Fill(), Height = 8 };
        _written = new Button { Text = "I have written them down", X = 0, Y = 17, Visible = false, ShadowStyle = null };
        _written.Accepting += (_, e) =>
        {
            ShowingMnemonic = false;
            _written.Visible = false;
            _result.Text = string.Empty;
            WalletReady?.Invoke();
            e.Handled = true;
        };
        create.Accepting += (_, e) =>
        {
            Create();
            e.Handled = true;
        };
        restore.Accepting += (_, e) =>
        {
            Restore();
            e.Handled = true;
        };
        Add(intro, passwordLabel, _password, mnemonicLabel, _mnemonic, hint, create, restore, _result, _written);
    }

    /// <summary>Raised on the UI thread once a wallet was restored, or its new words were written down.</summary>
    public event Action? WalletReady;

    /// <summary>True while a new wallet's words are on screen: the wallet view stays here until they are written down.</summary>
    public bool ShowingMnemonic { get; private set; }

    private void Create()
    {
        var password = _password.Text;
        _session.Call(
            async ct => await _session.Api.Wallet.CreateAsync(new CreateWalletRequest { Password = password, WordCount = 12 }, cancellationToken: ct),
            created =>
            {
                _password.Text = string.Empty;
                ShowingMnemonic = true;
                _result.Text = "WRITE THESE WORDS DOWN NOW. They are shown only this once and restore the wallet's\n"
                    + "funds; anyone who sees them can spend them.\n\n" + created.Mnemonic + "\n\n"
                    + "They also restore this node's id, now " + created.NodeId + ".";
                _written.Visible = true;
                _written.SetFocus();
            },
            error => _result.Text = error,
            busy: "Creating the wallet");
    }

    private void Restore()
    {
        var request = new RestoreWalletRequest { Password = _password.Text, Mnemonic = _mnemonic.Text.Trim() };
        _session.Call(
            async ct => await _session.Api.Wallet.RestoreAsync(request, cancellationToken: ct),
            restored =>
            {
                _password.Text = string.Empty;
                _mnemonic.Text = string.Empty;
                _result.Text = "Wallet restored. Node id: " + restored.NodeId + " (the wallet's identity).";
                WalletReady?.Invoke();
            },
            error => _result.Text = error,
            busy: "Restoring the wallet and scanning the chain for its coins");
    }
}
