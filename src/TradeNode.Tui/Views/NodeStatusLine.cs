using Grpc.Core;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using TradeNode.Api.V1;
using TradeNode.Tui.Formatting;

namespace TradeNode.Tui.Views;

/// <summary>
/// The top line: short node id, network, chain height, peers and the wallet's balance. Node facts are polled from
/// Node.GetInfo every few seconds; the balance follows Wallet.Watch (and each poll, so it recovers after a node
/// restart). A node that does not answer turns the line into "not connected" and the reason into the message line.
/// </summary>
public sealed class NodeStatusLine : Label
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    private readonly TuiSession _session;
    private GetInfoResponse? _info;
    private WalletStatus? _wallet;
    private bool _watching;
    private bool _reportedFailure;

    public NodeStatusLine(TuiSession session)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        Width = Dim.Fill();
        Height = 1;
        Text = $"Connecting to {session.Api.Endpoint}…";
        session.WalletStatusChanged += status =>
        {
            _wallet = status;
            Show();
        };
    }

    /// <summary>Loads the facts now and then every few seconds, and starts following the wallet.</summary>
    public void Start()
    {
        Refresh();
        _session.App.AddTimeout(PollInterval, () =>
        {
            Refresh();
            return !_session.Stopping.IsCancellationRequested;
        });
    }

    /// <summary>Asks the node for its facts and the wallet for its status.</summary>
    public void Refresh()
    {
        _session.Call(
            async ct => await _session.Api.Node.GetInfoAsync(new GetInfoRequest(), cancellationToken: ct),
            info =>
            {
                _info = info;
                if (_reportedFailure)
                {
                    _reportedFailure = false;
                    _session.ShowMessage("Connected to the node again.");
                }

                Show();
                if (info.WalletExists)
                {
                    _session.Call(async ct => await _session.Api.Wallet.GetStatusAsync(new GetWalletStatusRequest(), cancellationToken: ct), _session.PublishWalletStatus);
                    if (!_watching)
                    {
                        _watching = true;
                        _ = WatchWalletAsync();
                    }
                }
            },
            error =>
            {
                _info = null;
                Text = "Not connected to a node";
                if (!_reportedFailure)
                {
                    _reportedFailure = true;
                    _session.ShowMessage(error);
                }
            });
    }

    private async Task WatchWalletAsync()
    {
        try
        {
            using var call = _session.Api.Wallet.Watch(new WatchWalletRequest(), cancellationToken: _session.Stopping);
            await foreach (var status in call.ResponseStream.ReadAllAsync(_session.Stopping).ConfigureAwait(false))
            {
                _session.PublishWalletStatus(status);
            }
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException)
        {
            // The poll keeps the balance current and starts a new watch once the node answers again.
        }
        finally
        {
            _session.OnUi(() => _watching = false);
        }
    }

    private void Show()
    {
        if (_info is not { } info)
        {
            return;
        }

        var wallet = _wallet switch
        {
            null or { Exists: false } => "no wallet",
            { ScannedHeight: var scanned, ChainHeight: var tip } when tip - scanned > 1 => $"scanning {scanned}/{tip}",
            { Unlocked: var unlocked, Balance: var balance } => $"{Btc.Format(balance?.AvailableSats ?? 0)} BTC{(unlocked ? string.Empty : " (locked)")}",
        };
        Text = $"{NodeText.Short(info.NodeId)} │ {info.Network} │ height {info.ChainHeight} │ peers {info.PeerCount} │ {wallet}";
    }
}
