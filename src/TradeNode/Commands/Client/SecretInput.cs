namespace TradeNode.Commands.Client;

/// <summary>
/// Reads secrets (passwords, a mnemonic) from stdin line by line, or asks for them in a terminal without echo, so
/// they stay out of the shell history and the process list.
/// </summary>
internal sealed class SecretInput(TextReader input)
{
    /// <summary>True when stdin is the terminal, so the user can be asked.</summary>
    public bool IsInteractive => ReferenceEquals(input, Console.In) && !Console.IsInputRedirected && !Console.IsErrorRedirected;

    /// <summary>The next line of stdin; <paramref name="what"/> names it in the error when stdin has ended.</summary>
    public string ReadLine(string what)
    {
        var line = input.ReadLine() ?? throw new UsageException($"Expected {what} on stdin, but stdin ended.");
        return line.TrimEnd('\r');
    }

    /// <summary>Asks on the terminal; with <paramref name="echo"/> false the typed characters are not shown.</summary>
    public string Ask(string prompt, bool echo)
    {
        Console.Error.Write(prompt);
        if (echo)
        {
            return Console.ReadLine() ?? string.Empty;
        }

        var typed = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return typed.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (typed.Length > 0)
                {
                    typed.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }
    }
}
