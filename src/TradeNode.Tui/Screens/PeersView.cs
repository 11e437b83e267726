using System.Globalization;
using System.Text;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using TradeNode.Api.V1;
using TradeNode.Tui.Formatting;

namespace TradeNode.Tui.Screens;

/// <summary>The node's facts (Node.GetInfo), its peers (Peers.List) and a field to add a peer by host:port.</summary>
public sealed class PeersView : Screen
{
    private readonly Label _info;
    private readonly TextField _address;
    private readonly TableView _table;

    public PeersView(TuiSession session)
        : base(session, "Peers and node")
    {
        _info = new Label { X = 0, Y = 0, Width = Dim.Fill(), Height = 5 };
        var addLabel = new Label { Text = "Add peer (host:port):", X = 0, Y = 6 };
        _address = new TextField { X = Pos.Right(addLabel) + 1, Y = 6, Width = 24 };
        var add = new Button { Text = "Add", X = Pos.Right(_address) + 1, Y = 6, ShadowStyle = null };
        add.Accepting += (_, e) =>
        {
            AddPeer();
            e.Handled = true;
        };
        _table = new TableView { X = 0, Y = 8, Width = Dim.Fill(), Height = Dim.Fill(), FullRowSelect = true };
        Add(_info, addLabel, _address, add, _table);
    }

    public override void Activate()
    {
        Session.Call(
            async ct => await Session.Api.Node.GetInfoAsync(new GetInfoRequest(), cancellationToken: ct),
            info =>
            {
                var text = new StringBuilder();
                text.AppendLine(CultureInfo.InvariantCulture, $"Node {info.NodeId}{(info.Name.Length > 0 ? $" ({info.Name})" : string.Empty)}, version {info.Version}");
                text.AppendLine(CultureInfo.InvariantCulture, $"Network {info.Network}, chain {info.ChainBackend} at height {info.ChainHeight}");
                text.AppendLine(CultureInfo.InvariantCulture, $"P2P {info.P2PAddress}, {info.PeerCount} peers, {info.ItemCount} items in store");
                text.AppendLine(CultureInfo.InvariantCulture, $"API {Session.Api.Endpoint}{(info.IsArbitrator ? ", arbitrator" : string.Empty)}");
                _info.Text = text.ToString();
            });
        Session.Call(
            async ct => (await Session.Api.Peers.ListAsync(new ListPeersRequest { IncludeKnown = true }, cancellationToken: ct)).Peers,
            peers =>
            {
                _table.Table = new EnumerableTableSource<PeerInfo>([.. peers], new Dictionary<string, Func<PeerInfo, object>>
                {
                    ["Node"] = p => p.Name.Length > 0 ? p.Name : NodeText.Short(p.NodeId),
                    ["Address"] = p => p.Address,
                    ["State"] = p => p.Connected ? (p.Outbound ? "out" : "in") : "known",
                });
                _table.Update();
            });
    }

    private void AddPeer()
    {
        var address = _address.Text.Trim();
        Session.Call(
            async ct => await Session.Api.Peers.AddAsync(new AddPeerRequest { Address = address }, cancellationToken: ct),
            response =>
            {
                _address.Text = string.Empty;
                Session.ShowMessage($"Peer {response.Peer?.Address ?? address} added.");
                Activate();
            });
    }
}
