namespace TradeNode.Bitcoin.Scripting;

/// <summary>A script number was too long or not minimally encoded.</summary>
public sealed class ScriptNumberException : Exception
{
    public ScriptNumberException()
    {
    }

    public ScriptNumberException(string message)
        : base(message)
    {
    }

    public ScriptNumberException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
