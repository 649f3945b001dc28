using MudBlazor;

namespace BlazorAuth.Components.Layout;

internal static class AppTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#5e35b1",
            Secondary = "#00897b",
            AppbarBackground = "#4527a0",
            Background = "#f6f4fa",
        },
    };
}
