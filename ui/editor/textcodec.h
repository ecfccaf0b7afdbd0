#pragma once

#include <QByteArray>
#include <QString>

namespace Sandpiper::Ui {

// How a text file is stored on disk. The editor always holds UTF-8; a file is written back in
// the encoding it was read in, so opening and saving never rewrites someone's encoding or BOM.
enum class TextEncoding { Utf8, Utf8Bom, Utf16LE, Utf16BE, Latin1 };

class TextCodec
{
public:
    struct Decoded
    {
        QByteArray utf8; // without BOM
        TextEncoding encoding = TextEncoding::Utf8;
    };

    // Detects the encoding from a BOM; without one the bytes are UTF-8 when they are valid
    // UTF-8, otherwise Latin-1 (every byte sequence is valid Latin-1, so nothing is lost).
    static Decoded decode(const QByteArray &bytes);

    // The bytes to write for UTF-8 text in an encoding. Returns false in *ok when the text
    // cannot be represented (characters outside Latin-1).
    static QByteArray encode(const QByteArray &utf8, TextEncoding encoding, bool *ok = nullptr);

    static QString name(TextEncoding encoding);
};

} // namespace Sandpiper::Ui
