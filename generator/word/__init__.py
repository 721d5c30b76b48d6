"""Word documents in and out: the 公文 style shared by every DOCX sfxm writes, the 申报书 as a Word
form generated from the model (``sfxm template``, ``sfxm export declaration``), and reading a filled
form back into a declaration (``sfxm import``)."""
