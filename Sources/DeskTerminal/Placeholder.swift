enum DeskTerminalPlaceholder {}
