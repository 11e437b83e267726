using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary>Human-readable chat lines: time, who (with the role), text; later lines of a message are indented.</summary>
internal static class ChatDisplay
{
    public static void Write(TextWriter output, ChatMessage message)
    {
        var who = message.IsMine ? "me" : message.SenderNodeId;
        var pending = message.IsPending ? " (not sent to everyone yet)" : string.Empty;
        var lines = message.Text.Split('\n');
        output.WriteLine($"{Display.Time(message.SentAt)}  {who} ({Role(message.SenderRole)}){pending}: {lines[0]}");
        foreach (var line in lines.Skip(1))
        {
            output.WriteLine($"    {line}");
        }
    }

    public static string Role(ChatRole role) => role == ChatRole.Unspecified ? "-" : role.ToString().ToLowerInvariant();
}
