namespace TradeNode.Bitcoin.Scripting;

/// <summary>
/// The IF/ELSE/ENDIF nesting of a running script. Only the depth and the position of the first false entry
/// matter, so every operation is constant time (as Core's ConditionStack).
/// </summary>
internal sealed class ConditionStack
{
    private const int NoFalse = -1;

    private int _size;
    private int _firstFalse = NoFalse;

    public bool IsEmpty => _size == 0;

    /// <summary>True when every enclosing branch is being executed.</summary>
    public bool AllTrue => _firstFalse == NoFalse;

    public void Push(bool value)
    {
        if (_firstFalse == NoFalse && !value)
        {
            _firstFalse = _size;
        }

        _size++;
    }

    public void Pop()
    {
        _size--;
        if (_firstFalse == _size)
        {
            _firstFalse = NoFalse;
        }
    }

    public void ToggleTop()
    {
        if (_firstFalse == NoFalse)
        {
            _firstFalse = _size - 1;
        }
        else if (_firstFalse == _size - 1)
        {
            _firstFalse = NoFalse;
        }
    }
}
