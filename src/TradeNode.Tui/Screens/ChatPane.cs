using System.Globalization;
using Grpc.Core;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using TradeNode.Api.V1;

namespace TradeNode.Tui.Screens;

/// <summary>
/// A trade's chat beside its timeline: the transcript (Trades.ListChat, then live from Trades.WatchChat for that
/// trade), own messages marked while the mailbox has not taken them yet, and a line to write on (Enter sends with
/// Trades.SendChatMessage). The node's sentence for a refused message (blank, too long) shows in the pane.
/// </summary>
public sealed class ChatPane : View
{
    private readonly TuiSession _session;
    private readonly Label _transcript;
    private readonly TextField _input;
    private readonly Label _error;
    private readonly Dictionary<string, ChatMessage> _messages = [];
    private CancellationTokenSource? _watch;
    private string _tradeId = string.Empty;

    public ChatPane(TuiSession session)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        CanFocus = true;
        var title = new Label { Text = "Chat (Enter sends)", X = 0, Y = 0 };
        _transcript = new Label { X = 0, Y = 1, Width = Dim.Fill(), Height = Dim.Fill(2) };
        _error = new Label { X = 0, Y = Pos.AnchorEnd(2), Width = Dim.Fill(), Height = 1 };
        var say = new Label { Text = ">", X = 0, Y = Pos.AnchorEnd(1) };
        _input = new TextField { X = 2, Y = Pos.AnchorEnd(1), Width = Dim.Fill() };
        _input.KeyDown += (_, key) =>
        {
            if (key == Key.Enter)
            {
                Send();
                key.Handled = true;
            }
        };
        Add(title, _transcript, _error, say, _input);
    }

    /// <summary>The messages on show, oldest first.</summary>
    public IReadOnlyList<ChatMessage> Messages => Ordered();

    /// <summary>Shows trade <paramref name="tradeId"/>'s chat and follows it until another trade opens or the app closes.</summary>
    public void Open(string tradeId)
    {
        _tradeId = tradeId ?? throw new ArgumentNullException(nameof(tradeId));
        _watch?.Cancel();
        _watch?.Dispose();
        _watch = CancellationTokenSource.CreateLinkedTokenSource(_session.Stopping);
        _messages.Clear();
        _error.Text = string.Empty;
        Show();
        _ = FollowAsync(tradeId, _watch.Token);
    }

    /// <summary>Stops following the chat (the trade view closed).</summary>
    public void Close()
    {
        _watch?.Cancel();
        _tradeId = string.Empty;
    }

    private async Task FollowAsync(string tradeId, CancellationToken cancellationToken)
    {
        try
        {
            using var call = _session.Api.Trades.WatchChat(new WatchChatRequest { TradeId = tradeId }, cancellationToken: cancellationToken);
            await call.ResponseHeadersAsync.ConfigureAwait(false);
            var listed = await _session.Api.Trades.ListChatAsync(new ListChatRequest { TradeId = tradeId }, cancellationToken: cancellationToken).ConfigureAwait(false);
            _session.OnUi(() => Put(tradeId, listed.Messages));
            await foreach (var message in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                _session.OnUi(() => Put(tradeId, [message]));
            }
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            _session.OnUi(() =>
            {
                if (_tradeId == tradeId)
                {
                    _error.Text = ex.StatusCode == StatusCode.NotFound ? string.Empty : "Chat: " + _session.Describe(ex);
                }
            });
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Another trade opened, or the app closes.
        }
    }

    private void Put(string tradeId, IEnumerable<ChatMessage> messages)
    {
        if (tradeId != _tradeId)
        {
            return;
        }

        foreach (var message in messages)
        {
            _messages[message.MessageId] = message;
        }

        Show();
    }

    private void Send()
    {
        var text = _input.Text.Trim();
        var tradeId = _tradeId;
        if (text.Length == 0 || tradeId.Length == 0)
        {
            return;
        }

        _error.Text = string.Empty;
        _session.Call(
            async ct => await _session.Api.Trades.SendChatMessageAsync(new SendChatMessageRequest { TradeId = tradeId, Text = text }, cancellationToken: ct),
            message =>
            {
                _input.Text = string.Empty;
                Put(tradeId, [message]);
            },
            error => _error.Text = error,
            busy: "Sending the chat message");
    }

    private List<ChatMessage> Ordered() =>
        [.. _messages.Values.OrderBy(m => m.SentAt?.ToDateTimeOffset() ?? DateTimeOffset.MinValue).ThenBy(m => m.ReceivedAt?.ToDateTimeOffset() ?? DateTimeOffset.MinValue)];

    /// <summary>The newest messages that fit, each wrapped to the pane's width: "14:02 me: text".</summary>
    private void Show()
    {
        var width = Math.Max(20, Frame.Width == 0 ? 40 : Frame.Width);
        var height = Math.Max(1, _transcript.Frame.Height == 0 ? 6 : _transcript.Frame.Height);
        var lines = new List<string>();
        foreach (var message in Ordered())
        {
            var who = message.IsMine ? "me" : message.SenderRole switch
            {
                ChatRole.Buyer => "buyer",
                ChatRole.Seller => "seller",
                ChatRole.Vendor => "vendor",
                ChatRole.Arbitrator => "arbitrator",
                _ => "?",
            };
            var at = message.SentAt?.ToDateTimeOffset().ToLocalTime().ToString("HH:mm", CultureInfo.InvariantCulture) ?? "--:--";
            lines.AddRange(Wrap($"{at} {who}{(message.IsPending ? " (sending)" : string.Empty)}: {message.Text.Replace('\n', ' ')}", width));
        }

        _transcript.Text = lines.Count == 0 ? "No messages yet." : string.Join('\n', lines.Skip(Math.Max(0, lines.Count - height)));
    }

    private static IEnumerable<string> Wrap(string text, int width)
    {
        for (var start = 0; start < text.Length; start += width)
        {
            yield return text.Substring(start, Math.Min(width, text.Length - start));
        }
    }
}
