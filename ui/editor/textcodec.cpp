#include "textcodec.h"

#include <QStringDecoder>
#include <QStringEncoder>

namespace Sandpiper::Ui {

namespace {
constexpr char utf8Bom[] = "\xEF\xBB\xBF";
constexpr char utf16LEBom[] = "\xFF\xFE";
constexpr char utf16BEBom[] = "\xFE\xFF";
} // namespace

TextCodec::Decoded TextCodec::decode(const QByteArray &bytes)
{
    if (bytes.startsWith(utf8Bom))
        return {bytes.mid(3), TextEncoding::Utf8Bom};
    if (bytes.startsWith(utf16LEBom) || bytes.startsWith(utf16BEBom)) {
        const bool le = bytes.startsWith(utf16LEBom);
        QStringDecoder decoder(le ? QStringConverter::Utf16LE : QStringConverter::Utf16BE,
                               QStringConverter::Flag::Stateless);
        const QString text = decoder.decode(QByteArrayView(bytes).mid(2));
        return {text.toUtf8(), le ? TextEncoding::Utf16LE : TextEncoding::Utf16BE};
    }
    if (QByteArrayView(bytes).isValidUtf8())
        return {bytes, TextEncoding::Utf8};
    return {QString::fromLatin1(bytes).toUtf8(), TextEncoding::Latin1};
}

QByteArray TextCodec::encode(const QByteArray &utf8, TextEncoding encoding, bool *ok)
{
    if (ok)
        *ok = true;
    switch (encoding) {
    case TextEncoding::Utf8:
        return utf8;
    case TextEncoding::Utf8Bom:
        return QByteArray(utf8Bom) + utf8;
    case TextEncoding::Utf16LE:
    case TextEncoding::Utf16BE: {
        const bool le = encoding == TextEncoding::Utf16LE;
        QStringEncoder encoder(le ? QStringConverter::Utf16LE : QStringConverter::Utf16BE,
                               QStringConverter::Flag::Stateless);
        QByteArray out = encoder.encode(QString::fromUtf8(utf8));
        return QByteArray(le ? utf16LEBom : utf16BEBom) + out;
    }
    case TextEncoding::Latin1: {
        const QString text = QString::fromUtf8(utf8);
        for (QChar c : text) {
            if (c.unicode() > 0xff) {
                if (ok)
                    *ok = false;
                break;
            }
        }
        return text.toLatin1();
    }
    }
    return utf8;
}

QString TextCodec::name(TextEncoding encoding)
{
    switch (encoding) {
    case TextEncoding::Utf8:
        return QStringLiteral("UTF-8");
    case TextEncoding::Utf8Bom:
        return QStringLiteral("UTF-8 BOM");
    case TextEncoding::Utf16LE:
        return QStringLiteral("UTF-16LE");
    case TextEncoding::Utf16BE:
        return QStringLiteral("UTF-16BE");
    case TextEncoding::Latin1:
        return QStringLiteral("ISO-8859-1");
    }
    return {};
}

} // namespace Sandpiper::Ui
