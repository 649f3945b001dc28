using AngleSharp.Dom;

namespace BlazorAuth.Tests.Components;

/// <summary>A button's text as a screen reader reads it: without what is aria-hidden (the provider's mark).</summary>
internal static class ButtonText
{
    public static string Of(IElement button)
    {
        var copy = (IElement)button.Clone();
        foreach (var hidden in copy.QuerySelectorAll("[aria-hidden=true]").ToList())
        {
            hidden.Remove();
        }

        return string.Join(' ', copy.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
